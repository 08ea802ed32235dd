// storm.js fires many concurrent calls through one bosgo client whose token
// is about to expire, and counts the auth-refresh requests the page sent
// (from Resource Timing, independent of bosgo's own code). Two tabs of the
// same origin share the session through localStorage and refresh under a
// Web Lock.
import { load } from "./bosbase.js";

let pb;
window.stormReady = load().then((B) => (window.BosBase = B, true));

window.stormSetup = async (email, password, key, threshold) => {
  performance.setResourceTimingBufferSize(100000);
  // autoCancellation off: the storm's calls are identical getOne calls, which
  // the JS SDK's auto-cancellation (kept by bosgo) would abort but the last.
  pb = new window.BosBase(location.origin, { authStore: "local", storageKey: key, autoRefreshThreshold: threshold, autoCancellation: false });
  if (email) await pb.collection("users").authWithPassword(email, password);
  performance.clearResourceTimings();
  return pb.authStore.token !== "";
};

/** expiresIn returns ms until the stored token's exp. */
window.expiresIn = () => {
  const p = JSON.parse(atob(pb.authStore.token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
  return p.exp * 1000 - Date.now();
};

/** storm makes n concurrent getOne calls, after a BroadcastChannel "go" on channel when given. */
window.storm = async (n, postId, channel) => {
  if (channel) {
    await new Promise((ok) => {
      const bc = new BroadcastChannel(channel);
      bc.onmessage = () => { bc.close(); ok(); };
      window.armed = true;
    });
  }
  const before = pb.authStore.token;
  const t0 = performance.now();
  const res = await Promise.allSettled(Array.from({ length: n }, () => pb.collection("posts").getOne(postId)));
  const failed = res.filter((r) => r.status === "rejected");
  return {
    ok: res.length - failed.length,
    failed: failed.length,
    errors: failed.slice(0, 3).map((r) => String(r.reason && r.reason.message)),
    refreshes: performance.getEntriesByType("resource").filter((e) => e.name.includes("/auth-refresh")).length,
    renewed: pb.authStore.token !== before,
    ms: performance.now() - t0,
  };
};

window.fire = (channel) => { new BroadcastChannel(channel).postMessage("go"); return true; };
