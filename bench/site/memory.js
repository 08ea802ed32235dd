// memory.js loads one contender, named by ?c= (bosgo or js), signs in and
// makes getOne calls on demand, so the bench can read the JS heap (through
// the DevTools protocol, after a garbage collection) and, for bosgo, the
// module's linear memory after load and after so many calls.
let wasmMemory = null;
const instantiate = WebAssembly.instantiateStreaming;
// The module's memory is not exposed by bosbase.js: note the instance the
// loader makes.
WebAssembly.instantiateStreaming = async (...args) => {
  const r = await instantiate.apply(WebAssembly, args);
  wasmMemory = r.instance.exports.mem || null;
  return r;
};

const name = new URLSearchParams(location.search).get("c");
let call, refresh;

window.memReady = (async () => {
  if (name === "bosgo") {
    const { load } = await import("./bosbase.js");
    const BosBase = await load();
    const pb = new BosBase(location.origin, { authStore: "memory" });
    return (email, password, id) => pb.collection("users").authWithPassword(email, password).then(() => {
      call = () => pb.collection("posts").getOne(id);
      refresh = () => pb.collection("users").authRefresh();
    });
  }
  const { default: Client, BaseAuthStore } = await import("./js/bosbase.es.mjs");
  const pb = new Client(location.origin, new BaseAuthStore());
  pb.autoCancellation(false);
  return (email, password, id) => pb.collection("users").authWithPassword(email, password).then(() => {
    call = () => pb.collection("posts").getOne(id);
    refresh = () => pb.collection("users").authRefresh();
  });
})();

window.memSetup = async (email, password, id) => {
  await (await window.memReady)(email, password, id);
  return true;
};

/**
 * memCalls makes n getOne calls, one after the other, and an authRefresh
 * every 100 (the devserver's tokens last 30 s here, and the JS SDK does
 * not refresh on its own).
 */
window.memCalls = async (n) => {
  for (let i = 0; i < n; i++) {
    if (i % 100 === 0) await refresh();
    await call();
  }
  return true;
};

/** wasmBytes is the module's linear memory size (0 for the JS SDK). */
window.wasmBytes = () => (wasmMemory ? wasmMemory.buffer.byteLength : 0);
