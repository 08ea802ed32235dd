// overloads.test.js — the JS SDK's deprecated positional forms still work:
// (bodyParams, queryParams) as the last two arguments of authRefresh,
// requestPasswordReset, confirm*, requestVerification, requestEmailChange,
// authWithOAuth2Code, and the 7-argument authWithOAuth2.
import { eq, fakeFetch, jwt, authReply } from "./assert.js";

const BASE = "http://127.0.0.1:9";
const user = { id: "u1", collectionId: "_pb_users_auth_", collectionName: "users", email: "a@example.com" };

export default {
  async "authRefresh(body, query)"({ default: Client, BaseAuthStore }) {
    const token = jwt({ type: "auth" }, 3600);
    const store = new BaseAuthStore();
    store.save(token, user);
    const f = fakeFetch(authReply(token, user));
    const pb = new Client(BASE, store);
    pb.beforeSend = (url, options) => ({ url, options: { ...options, fetch: f } });
    await pb.collection("users").authRefresh({ extra: 1 }, { expand: "team" });
    eq(f.calls[0].url, BASE + "/api/collections/users/auth-refresh?expand=team");
    eq(JSON.parse(f.calls[0].body), { extra: 1 });
  },
  async "requestPasswordReset(email, body, query) and the options form"({ default: Client, BaseAuthStore }) {
    const f = fakeFetch(() => ({ status: 204 }));
    const pb = new Client(BASE, new BaseAuthStore());
    pb.beforeSend = (url, options) => ({ url, options: { ...options, fetch: f } });
    await pb.collection("users").requestPasswordReset("a@example.com", { note: "x" }, { q: "1" });
    eq(f.calls[0].url, BASE + "/api/collections/users/request-password-reset?q=1");
    eq(JSON.parse(f.calls[0].body), { email: "a@example.com", note: "x" });
    await pb.collection("users").requestVerification("a@example.com", { query: { lang: "de" } });
    eq(f.calls[1].url, BASE + "/api/collections/users/request-verification?lang=de");
  },
  async "confirm* and requestEmailChange take (body, query)"({ default: Client, BaseAuthStore }) {
    const f = fakeFetch(() => ({ status: 204 }));
    const store = new BaseAuthStore();
    store.save(jwt({ type: "auth" }, 3600), user);
    const pb = new Client(BASE, store);
    pb.beforeSend = (url, options) => ({ url, options: { ...options, fetch: f } });
    const users = pb.collection("users");
    await users.confirmPasswordReset("t", "p1", "p1", { b: 1 }, { q: 1 });
    await users.confirmVerification("t", { b: 2 }, { q: 2 });
    await users.requestEmailChange("n@example.com", { b: 3 }, { q: 3 });
    await users.confirmEmailChange("t", "pw", { b: 4 }, { q: 4 });
    eq(f.calls.map((c) => c.url.split("/users/")[1]), [
      "confirm-password-reset?q=1", "confirm-verification?q=2", "request-email-change?q=3", "confirm-email-change?q=4"]);
    eq(f.calls.map((c) => JSON.parse(c.body).b), [1, 2, 3, 4]);
  },
  async "authWithOAuth2Code(…, createData, body, query) and the 7-argument authWithOAuth2"({ default: Client, BaseAuthStore }) {
    const token = jwt({ type: "auth" }, 3600);
    const f = fakeFetch(authReply(token, user));
    const pb = new Client(BASE, new BaseAuthStore());
    pb.beforeSend = (url, options) => ({ url, options: { ...options, fetch: f } });
    await pb.collection("users").authWithOAuth2Code("oidc", "c1", "v1", "http://r", { name: "N" }, { extra: true }, { expand: "x" });
    eq(f.calls[0].url, BASE + "/api/collections/users/auth-with-oauth2?expand=x");
    eq(JSON.parse(f.calls[0].body), { provider: "oidc", code: "c1", codeVerifier: "v1", redirectURL: "http://r", createData: { name: "N" }, extra: true });
    await pb.collection("users").authWithOAuth2("oidc", "c2", "v2", "http://r2");
    const b = JSON.parse(f.calls[1].body);
    eq([b.provider, b.code, b.codeVerifier, b.redirectURL], ["oidc", "c2", "v2", "http://r2"]);
  },
};
