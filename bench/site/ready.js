// ready.js loads one contender, named by ?c=, and resolves window.readyAt
// to performance.now() (ms since navigation start) once a client is usable:
// bosgo (bosbase.js + bosbase.wasm), the BosBase JS SDK (js/bosbase.es.mjs)
// or the floor module (floor.wasm, syscall/js only).
const contenders = {
  async bosgo() {
    const { load } = await import("./bosbase.js");
    const BosBase = await load();
    const pb = new BosBase(location.origin, { authStore: "memory" });
    return pb.baseURL;
  },
  async js() {
    const { default: Client, BaseAuthStore } = await import("./js/bosbase.es.mjs");
    const pb = new Client(location.origin, new BaseAuthStore());
    return pb.baseURL;
  },
  async floor() {
    if (typeof globalThis.Go !== "function") await import("./dist/wasm_exec.js");
    const go = new globalThis.Go();
    const ready = new Promise((r) => (globalThis.__floorReady = r));
    const { instance } = await WebAssembly.instantiateStreaming(fetch("./floor.wasm"), go.importObject);
    go.run(instance);
    await ready;
    return globalThis.floorEcho("ok");
  },
};

const name = new URLSearchParams(location.search).get("c");
contenders[name]().then(
  () => window.__done(performance.now()),
  (e) => window.__fail(String(e)),
);
