// cookie.test.js — cookieParse, cookieSerialize and the stores'
// loadFromCookie / exportToCookie with the JS SDK's defaults (key
// "pb_auth"; Secure, HttpOnly, SameSite=Strict, Path=/, Expires at the
// token's exp) and its 4096-byte record stripping.
import { eq, ok, jwt } from "./assert.js";

export default {
  async "cookieParse: first wins, quotes, percent-decoding"({ cookieParse }) {
    eq(cookieParse('a=1; b="two"; a=3; c=x%20y; bad; d=%E0'), { a: "1", b: "two", c: "x y", d: "%E0" });
    eq(cookieParse(undefined), {});
  },
  async "cookieSerialize: attributes and validation"({ cookieSerialize }) {
    const exp = new Date(Date.UTC(2030, 0, 2, 3, 4, 5));
    eq(cookieSerialize("k", "a b", { maxAge: 10.7, domain: "example.com", path: "/", expires: exp, httpOnly: true, secure: true, priority: "high", sameSite: "lax" }),
      "k=a%20b; Max-Age=10; Domain=example.com; Path=/; Expires=Wed, 02 Jan 2030 03:04:05 GMT; HttpOnly; Secure; Priority=High; SameSite=Lax");
    eq(cookieSerialize("k", "v", { sameSite: true }), "k=v; SameSite=Strict");
    let threw = false;
    try {
      cookieSerialize("bad name\n", "v");
    } catch (e) {
      threw = e instanceof TypeError;
    }
    ok(threw, "an invalid name throws a TypeError");
  },
  async "exportToCookie defaults and loadFromCookie round trip"({ BaseAuthStore }) {
    const s = new BaseAuthStore();
    const token = jwt({ type: "auth", exp: 1893456000 });
    s.save(token, { id: "u1", email: "a@example.com" });
    const c = s.exportToCookie();
    ok(c.startsWith("pb_auth="), c);
    ok(c.endsWith("; Path=/; Expires=Tue, 01 Jan 2030 00:00:00 GMT; HttpOnly; Secure; SameSite=Strict"), c);
    const t = new BaseAuthStore();
    t.loadFromCookie(c.split(";")[0]);
    eq([t.token, t.record.email], [token, "a@example.com"]);
    t.loadFromCookie("pb_auth=garbage");
    eq([t.token, t.record], ["", null], "malformed clears");
    const u = new BaseAuthStore();
    u.save(token, { id: "u2" });
    ok(u.exportToCookie({ httpOnly: false }, "mine").startsWith("mine="), "custom key");
  },
  async "a cookie over 4096 bytes keeps only the record's basic fields"({ BaseAuthStore }) {
    const s = new BaseAuthStore();
    s.save(jwt({ type: "auth" }, 3600), { id: "u1", email: "a@example.com", collectionId: "c1", collectionName: "users", verified: true, bio: "x".repeat(5000) });
    const c = s.exportToCookie();
    const rec = JSON.parse(decodeURIComponent(c.split(";")[0].slice("pb_auth=".length))).record;
    eq(rec, { id: "u1", email: "a@example.com", collectionId: "c1", collectionName: "users", verified: true });
  },
  async "the default client store exports and loads cookies too"({ default: Client, BaseAuthStore }) {
    const pb = new Client("http://127.0.0.1:9", null);
    const token = jwt({ type: "auth", collectionId: "_pb_users_auth_" }, 3600);
    pb.authStore.save(token, { id: "u9", collectionName: "users", email: "c@example.com" });
    const c = pb.authStore.exportToCookie({ secure: false });
    ok(!c.includes("Secure"), "options override the defaults: " + c);
    const other = new BaseAuthStore();
    other.loadFromCookie(c);
    eq([other.token, other.record.email, pb.authStore.isAuthRecord], [token, "c@example.com", true]);
    pb.authStore.loadFromCookie("pb_auth=");
    eq(pb.authStore.token, "", "an empty cookie signs out");
  },
};
