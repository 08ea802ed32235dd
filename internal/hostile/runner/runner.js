// runner.js runs one hostile-server case through bosgo's JavaScript API
// (web/bosbase.js + the WebAssembly module) and reports an Outcome shaped
// like internal/hostile.Outcome. internal/hostile/wasm_test.go calls
// window.runCase for each case.
import { load, ClientResponseError } from "/site/bosbase.js";

const ready = load().then((BosBase) => {
  window.BosBase = BosBase;
  return true;
});
window.runnerReady = ready;

/** noEvent rejects when signal fires: a subscription that got nothing. */
function noEvent(signal) {
  return new Promise((_, reject) => {
    const fail = () => reject(new Error("subscribed, but nothing arrived before the deadline"));
    if (signal.aborted) fail();
    else signal.addEventListener("abort", fail, { once: true });
  });
}

/** first subscribes with subscribe(callback) and resolves to the first value. */
async function first(subscribe, signal) {
  let resolve;
  const got = new Promise((r) => (resolve = r));
  const unsub = await subscribe((v) => resolve(JSON.stringify(v)));
  try {
    return await Promise.race([got, noEvent(signal)]);
  } finally {
    await unsub().catch(() => {});
  }
}

async function op(pb, name, signal, c) {
  const opts = { signal };
  switch (name) {
    case "authWithPassword":
      return (await pb.collection("users").authWithPassword(c.identity, c.password, opts)).token;
    case "authRefresh":
      return (await pb.collection("users").authRefresh(opts)).token;
    case "getOne":
      return (await pb.collection("posts").getOne("p1", opts)).id;
    case "getList": {
      const r = await pb.collection("posts").getList(1, 10, opts);
      return `items=${r.items.length} total=${r.totalItems}`;
    }
    case "realtime":
      return first((cb) => pb.realtime.subscribe("hostile", cb, opts), signal);
    case "publish":
      return (await pb.pubsub.publish("hostile", { n: 1 }, opts)).id;
    case "pubsubMessage":
      return first((cb) => pb.pubsub.subscribe("hostile", (m) => cb(m.data), opts), signal);
  }
  throw new Error("unknown op " + name);
}

/** describe turns a rejection into the error fields of an Outcome. */
function describe(e) {
  const typed = e instanceof ClientResponseError;
  const orig = e && e.originalError ? JSON.stringify(e.originalError) : "";
  const mfa = e && e.response && typeof e.response.mfaId === "string" ? e.response.mfaId : "";
  return {
    ok: false,
    typed,
    status: typed ? e.status : -1,
    isAbort: typed ? !!e.isAbort : false,
    message: String((e && e.message) || e),
    errorText: String(e) + (orig ? " " + orig : "") + (e && e.code ? " code=" + e.code : ""),
    mfaId: mfa,
  };
}

window.runCase = async (c) => {
  await ready;
  const pb = new window.BosBase(c.base, { authStore: "memory", autoRefreshThreshold: 120000 });
  if (c.session) {
    pb.authStore.save(c.session, { id: "u1", collectionId: "_pb_users_auth_", collectionName: "users" });
  }
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), c.timeoutMs);
  const t0 = performance.now();
  let o;
  try {
    o = { ok: true, value: String(await op(pb, c.op, ctrl.signal, c)) };
  } catch (e) {
    o = describe(e);
  }
  clearTimeout(timer);
  o.elapsedMs = performance.now() - t0;
  o.token = pb.authStore.token;
  await pb.realtime.unsubscribe().catch(() => {});
  await pb.pubsub.disconnect().catch(() => {});
  pb.dispose();
  return o;
};

/** alive reports "ok" while the module still answers (it has not exited). */
window.alive = () => {
  try {
    const pb = new window.BosBase("http://127.0.0.1:1", { authStore: "memory" });
    const ok = pb.filter("a = {:a}", { a: 1 }) === "a = 1";
    pb.dispose();
    return ok ? "ok" : "filter gave a wrong answer";
  } catch (e) {
    return String(e);
  }
};
