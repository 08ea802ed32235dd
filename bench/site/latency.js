// latency.js times cheap authenticated calls made, interleaved, by three
// contenders in one page: bosgo (bosbase.js + bosbase.wasm), the BosBase JS
// SDK and plain fetch. The page is served cross-origin isolated (the bench
// adds COOP/COEP to this document), so performance.now() has 5 µs
// resolution.
import { load } from "./bosbase.js";
import Client, { BaseAuthStore } from "./js/bosbase.es.mjs";

let bos, jsc, fetchToken, postId;

window.latencyReady = (async () => {
  window.BosBase = await load();
  return { isolated: self.crossOriginIsolated === true };
})();

async function must(r) {
  if (!r.ok) throw new Error(`HTTP ${r.status}`);
  return r.json();
}

window.setup = async (email, password, id) => {
  postId = id;
  // autoRefreshThreshold 5 s: below the devserver's token lifetime, and
  // every round's authRefresh renews the token, so it never fires here.
  bos = new window.BosBase(location.origin, { authStore: "memory", autoRefreshThreshold: 5000 });
  await bos.collection("users").authWithPassword(email, password);
  jsc = new Client(location.origin, new BaseAuthStore());
  jsc.autoCancellation(false);
  await jsc.collection("users").authWithPassword(email, password);
  const j = await must(await fetch("/api/collections/users/auth-with-password", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ identity: email, password }),
  }));
  fetchToken = j.token;
  return true;
};

const calls = {
  bosgo: {
    authRefresh: () => bos.collection("users").authRefresh(),
    getOne: () => bos.collection("posts").getOne(postId),
    getList: () => bos.collection("posts").getList(1, 10),
  },
  js: {
    authRefresh: () => jsc.collection("users").authRefresh(),
    getOne: () => jsc.collection("posts").getOne(postId),
    getList: () => jsc.collection("posts").getList(1, 10),
  },
  fetch: {
    authRefresh: async () => {
      const j = await must(await fetch("/api/collections/users/auth-refresh", { method: "POST", headers: { Authorization: fetchToken } }));
      fetchToken = j.token;
      return j;
    },
    getOne: async () => must(await fetch(`/api/collections/posts/records/${postId}`, { headers: { Authorization: fetchToken } })),
    getList: async () => must(await fetch("/api/collections/posts/records?page=1&perPage=10", { headers: { Authorization: fetchToken } })),
  },
};

/**
 * run makes `rounds` rounds after `warmup` untimed ones. Each round makes
 * every call once per contender, the contenders' order rotating by round,
 * and returns samples[contender][call] in ms.
 */
window.run = async (rounds, warmup) => {
  const names = Object.keys(calls);
  const kinds = ["authRefresh", "getOne", "getList"];
  const samples = {};
  for (const n of names) samples[n] = Object.fromEntries(kinds.map((k) => [k, []]));
  for (let r = -warmup; r < rounds; r++) {
    const order = names.map((_, i) => names[(i + ((r % 3) + 3)) % 3]);
    for (const k of kinds) {
      for (const n of order) {
        const t0 = performance.now();
        await calls[n][k]();
        const dt = performance.now() - t0;
        if (r >= 0) samples[n][k].push(dt);
      }
    }
  }
  return samples;
};
