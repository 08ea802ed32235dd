// worker.test.js — the SDK works in a dedicated Web Worker: the JS SDK
// uses fetch with the relative base URL there (no window), and keeps the
// session in memory (no localStorage).
import { eq, ok } from "./assert.js";

export default {
  async "a dedicated module worker signs in with new Client('/')"(_sdk, { jsSDK, origin }) {
    const sdk = jsSDK ? origin + "/interop/node_modules/bosbase/dist/bosbase.es.mjs" : origin + "/sdk.js";
    const w = new Worker(new URL("./worker.js?sdk=" + encodeURIComponent(sdk), import.meta.url), { type: "module" });
    const got = await new Promise((resolve, reject) => {
      w.onmessage = (ev) => resolve(ev.data);
      w.onerror = (ev) => reject(new Error("worker error: " + ev.message));
    });
    w.terminate();
    ok(got.ok, "worker: " + got.error);
    eq([got.email, got.valid], [got.want, true]);
  },
};
