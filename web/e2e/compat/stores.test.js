// stores.test.js — the JS SDK's auth stores (BaseAuthStore, LocalAuthStore,
// AsyncAuthStore) as its README documents them, and a store passed to the
// client: the SDK reads the token from it and saves sign-ins through its
// save (so a subclass overriding save sees them); pb.authStore = other
// takes effect.
import { eq, ok, fakeFetch, jwt, authReply, listReply, until } from "./assert.js";

const BASE = "http://127.0.0.1:9";
const user = { id: "u1", collectionId: "_pb_users_auth_", collectionName: "users", email: "a@example.com" };

export default {
  async "BaseAuthStore: save, clear, onChange with fireImmediately and remover"({ BaseAuthStore }) {
    const s = new BaseAuthStore();
    const seen = [];
    const remove = s.onChange((token, record) => seen.push([token, record && record.id]), true);
    s.save("t1", user);
    eq([s.token, s.record.id, s.model.id], ["t1", "u1", "u1"]);
    s.clear();
    remove();
    s.save("t2", user);
    eq(seen, [["", null], ["t1", "u1"], ["", null]], "callbacks");
  },
  async "isValid, isSuperuser, isAuthRecord read the token"({ BaseAuthStore }) {
    const s = new BaseAuthStore();
    eq([s.isValid, s.isSuperuser, s.isAuthRecord], [false, false, false], "empty");
    s.save(jwt({ type: "auth", collectionId: "_pb_users_auth_" }, 3600), user);
    eq([s.isValid, s.isSuperuser, s.isAuthRecord], [true, false, true], "user");
    s.save(jwt({ type: "auth", collectionId: "pbc_3142635823" }, 3600), null);
    eq([s.isSuperuser, s.isAdmin, s.isAuthRecord], [true, true, false], "superuser by collection id");
    s.save(jwt({ type: "auth" }, -10), user);
    eq(s.isValid, false, "expired");
  },
  async "LocalAuthStore keeps {token, record} as JSON under its key"({ LocalAuthStore }) {
    const key = "compat_" + Math.random().toString(36).slice(2);
    const s = new LocalAuthStore(key);
    s.save("t1", user);
    eq(JSON.parse(localStorage.getItem(key)), { token: "t1", record: user });
    eq(new LocalAuthStore(key).record.email, "a@example.com", "another instance reads it");
    s.clear();
    eq(localStorage.getItem(key), null, "cleared");
  },
  async "AsyncAuthStore: initial, save(serialized), clear()"({ AsyncAuthStore }) {
    const saved = [];
    let cleared = 0;
    const s = new AsyncAuthStore({
      save: async (v) => { saved.push(v); },
      clear: async () => { cleared++; },
      initial: Promise.resolve(JSON.stringify({ token: "t0", record: user })),
    });
    await until(() => s.token === "t0", "the initial value");
    s.save("t1", user);
    s.clear();
    await until(() => cleared === 1, "clear");
    eq(saved.map((v) => JSON.parse(v).token), ["t0", "t1"], "saved");
    const only = [];
    const s2 = new AsyncAuthStore({ save: async (v) => { only.push(v); } });
    s2.clear();
    await until(() => only.length === 1, "save('') without clear");
    eq(only, [""]);
  },
  async "a subclass overriding save sees the sign-in; its token is sent"({ default: Client, BaseAuthStore }) {
    const events = [];
    class UIStore extends BaseAuthStore {
      save(token, record) {
        super.save(token, record);
        events.push(["save", record && record.email]);
      }
      clear() {
        super.clear();
        events.push(["clear"]);
      }
    }
    const store = new UIStore();
    const pb = new Client(BASE, store);
    const token = jwt({ type: "auth", collectionId: "_pb_users_auth_" }, 3600);
    const res = await pb.collection("users").authWithPassword("a@example.com", "pw", { fetch: fakeFetch(authReply(token, user)) });
    eq(res.token, token);
    eq(store.token, token, "the store has the token");
    eq(events, [["save", "a@example.com"]], "save override");
    const f = fakeFetch(listReply());
    await pb.collection("posts").getList(1, 1, { fetch: f });
    eq(f.calls[0].headers.Authorization, token, "Authorization from the store");
    pb.authStore.clear();
    eq(events.at(-1), ["clear"]);
  },
  async "any object of the store's shape works"({ default: Client }) {
    const plain = {
      token: "",
      record: null,
      save(token, record) { this.token = token; this.record = record; },
      clear() { this.token = ""; this.record = null; },
      onChange() { return () => {}; },
    };
    const pb = new Client(BASE, plain);
    const token = jwt({ type: "auth" }, 3600);
    await pb.collection("users").authWithPassword("a@example.com", "pw", { fetch: fakeFetch(authReply(token, user)) });
    eq(plain.token, token);
  },
  async "pb.authStore = other takes effect"({ default: Client, BaseAuthStore }) {
    const pb = new Client(BASE, new BaseAuthStore());
    const other = new BaseAuthStore();
    other.save("other-token", user);
    pb.authStore = other;
    ok(pb.authStore === other, "assigned");
    const f = fakeFetch(listReply());
    await pb.collection("posts").getList(1, 1, { fetch: f });
    eq(f.calls[0].headers.Authorization, "other-token");
  },
  async "pb.authStore = other on a default client"({ default: Client, BaseAuthStore }) {
    const pb = new Client(BASE);
    const other = new BaseAuthStore();
    other.save("swap-token", user);
    pb.authStore = other;
    const f = fakeFetch(listReply());
    await pb.collection("posts").getList(1, 1, { fetch: f });
    eq(f.calls[0].headers.Authorization, "swap-token");
  },
};
