// tabs.js: window.tabRun(contender, ms) loads the contender named by
// contender ("bosgo", "bosgo-own" for bosgo with sharedRealtime: false,
// "js" for the BosBase JS SDK), subscribes to posts over realtime and then
// makes one plain request (the health check); it resolves to true when
// both completed within ms, false otherwise. Every tab keeps what it
// subscribed, as an app would.
window.tabRun = async (contender, ms) => {
  const work = (async () => {
    let pb;
    if (contender === "js") {
      const { default: Client, BaseAuthStore } = await import("./js/bosbase.es.mjs");
      pb = new Client(location.origin, new BaseAuthStore());
    } else {
      const { load } = await import("./bosbase.js");
      const BosBase = await load();
      pb = new BosBase(location.origin, contender === "bosgo-own" ? { sharedRealtime: false } : {});
    }
    window.pb = pb;
    await pb.collection("posts").subscribe("*", () => {});
    await pb.health.check();
    return true;
  })();
  const late = new Promise((ok) => setTimeout(() => ok(false), ms));
  return Promise.race([work, late]);
};
window.tabsReady = true;
