// realtime.test.js — the JS SDK's realtime service against the devserver:
// subscribe(topic, callback, options) resolves to an unsubscribe function,
// messages reach every listener of a topic, unsubscribeByTopicAndListener
// matches the topic with or without options but compares the listener with
// its internal wrapper, so passing your callback removes nothing there
// (bosgo removes it: a documented difference), unsubscribeByPrefix the
// topics under a prefix, and onDisconnect hears the connection close.
// The subscription keys the server receives carry exactly the headers the
// caller gave (options=…), nothing the SDK uses internally.
import { eq, ok, until } from "./assert.js";

/** optionHeaders returns the lower-cased header names in a subscription key's options (none: []). */
function optionHeaders(key) {
  const i = key.indexOf("options=");
  if (i < 0) return [];
  const o = JSON.parse(decodeURIComponent(key.slice(i + "options=".length)));
  return Object.keys(o.headers || {}).map((k) => k.toLowerCase()).sort();
}

export default {
  async "subscribe, unsubscribeByTopicAndListener, unsubscribeByPrefix, onDisconnect"({ default: Client, BaseAuthStore }, { origin, jsSDK }) {
    const pb = new Client(origin, new BaseAuthStore());
    const email = `rt${Date.now()}${Math.floor(Math.random() * 1e6)}@example.com`;
    await pb.collection("users").create({ email, password: "secret12345", passwordConfirm: "secret12345" });
    await pb.collection("users").authWithPassword(email, "secret12345");
    const a = [];
    const b = [];
    const la = (e) => a.push(e.record.title);
    const lb = (e) => b.push(e.record.title);
    const disconnects = [];
    pb.realtime.onDisconnect = (active) => disconnects.push(active);
    await pb.realtime.subscribe("posts/*", la);
    await pb.realtime.subscribe("posts/*", lb, { expand: "user" });
    ok(pb.realtime.isConnected, "connected");
    const uid = pb.authStore.record.id;
    await pb.collection("posts").create({ title: "one", user: uid });
    await until(() => a.length === 1 && b.length === 1, "both listeners get 'one'");
    await pb.realtime.unsubscribeByTopicAndListener("posts/*", la);
    await pb.collection("posts").create({ title: "two", user: uid });
    await until(() => b.length === 2, "the remaining listener gets 'two'");
    await until(() => a.length === (jsSDK ? 2 : 1), "the removed listener");
    eq(a, jsSDK ? ["one", "two"] : ["one"], "the removed listener");
    await pb.realtime.unsubscribeByPrefix("posts");
    await until(() => disconnects.length === 1, "onDisconnect once nothing is subscribed");
    eq(disconnects, [[]], "onDisconnect's active subscriptions");
    const c = [];
    const unsub = await pb.collection("posts").subscribe("*", (e) => c.push(e.action + ":" + e.record.title));
    ok(typeof unsub === "function", "subscribe resolves to a function");
    await pb.collection("posts").create({ title: "three", user: uid });
    await until(() => c.length === 1, "the collection subscription");
    eq(c, ["create:three"]);
    await unsub();
  },

  async "subscription keys carry only the caller's headers"({ default: Client, BaseAuthStore }, { origin }) {
    const pb = new Client(origin, new BaseAuthStore());
    const posted = [];
    const fetch0 = globalThis.fetch;
    globalThis.fetch = (url, init = {}) => {
      if (String(url).endsWith("/api/realtime") && init.method === "POST") {
        const b = init.body;
        posted.push(JSON.parse(typeof b === "string" ? b : new TextDecoder().decode(b)).subscriptions);
      }
      return fetch0(url, init);
    };
    try {
      const ctrl = new AbortController();
      const unsubA = await pb.realtime.subscribe("posts/*", () => {}, { signal: ctrl.signal });
      const unsubB = await pb.realtime.subscribe("posts/*", () => {}, { headers: { "X-Tag": "a" }, signal: ctrl.signal });
      ok(posted.length > 0, "the subscriptions were posted");
      const keys = posted[posted.length - 1];
      eq(keys.length, 2, "subscriptions in the last POST");
      eq(keys.map(optionHeaders).sort(), [[], ["x-tag"]], "the headers in the subscription keys");
      await unsubA();
      await unsubB();
    } finally {
      globalThis.fetch = fetch0;
      await pb.realtime.unsubscribe().catch(() => {});
    }
  },
};
