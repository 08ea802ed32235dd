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
    getList: () => bos.collection("posts").getList(1, 30),
    getList500: () => bos.collection("posts").getList(1, 500),
    getFullList: () => bos.collection("posts").getFullList(),
  },
  js: {
    authRefresh: () => jsc.collection("users").authRefresh(),
    getOne: () => jsc.collection("posts").getOne(postId),
    getList: () => jsc.collection("posts").getList(1, 30),
    getList500: () => jsc.collection("posts").getList(1, 500),
    getFullList: () => jsc.collection("posts").getFullList(),
  },
  fetch: {
    authRefresh: async () => {
      const j = await must(await fetch("/api/collections/users/auth-refresh", { method: "POST", headers: { Authorization: fetchToken } }));
      fetchToken = j.token;
      return j;
    },
    getOne: async () => must(await fetch(`/api/collections/posts/records/${postId}`, { headers: { Authorization: fetchToken } })),
    getList: async () => must(await fetch("/api/collections/posts/records?page=1&perPage=30", { headers: { Authorization: fetchToken } })),
    getList500: async () => must(await fetch("/api/collections/posts/records?page=1&perPage=500", { headers: { Authorization: fetchToken } })),
    getFullList: async () => {
      // As the SDKs do: pages of 500 without the total, until a short one.
      let all = [];
      for (let page = 1; ; page++) {
        const j = await must(await fetch(`/api/collections/posts/records?page=${page}&perPage=500&skipTotal=1`, { headers: { Authorization: fetchToken } }));
        all = all.concat(j.items);
        if (j.items.length < 500) return all;
      }
    },
  },
};

/**
 * run makes `rounds` rounds after `warmup` untimed ones. Each round makes
 * every call once per contender, the contenders' order rotating by round,
 * and returns samples[contender][call] in ms.
 */
window.run = async (rounds, warmup) => {
  const names = Object.keys(calls);
  const kinds = Object.keys(calls.bosgo);
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

/**
 * timedFetch is a fetch that notes, in marks, when the request is handed
 * to the browser (fetch), when its headers arrived (headers), when the
 * caller first reads the body (bodyStart) and when it has read it all
 * (bodyEnd). The body is passed through a stream that pulls only on
 * demand, so bodyStart is the caller's first read.
 */
function timedFetch(marks) {
  return async (url, init) => {
    marks.fetch = performance.now();
    const r = await fetch(url, init);
    marks.headers = performance.now();
    if (!r.body) return r;
    const src = r.body.getReader();
    const body = new ReadableStream({
      async pull(ctrl) {
        marks.bodyStart ??= performance.now();
        const x = await src.read();
        if (x.done) {
          marks.bodyEnd = performance.now();
          ctrl.close();
        } else ctrl.enqueue(x.value);
      },
      cancel: (reason) => src.cancel(reason),
    }, { highWaterMark: 0 });
    return new Response(body, { status: r.status, statusText: r.statusText, headers: r.headers });
  };
}

/** The stages of one call, in the order they happen. */
const STAGES = ["toFetch", "network", "toBody", "body", "toResult"];

/**
 * profile makes `rounds` getOne calls per contender (bosgo, js; after
 * `warmup` untimed ones, interleaved) through timedFetch and returns, per
 * contender, each stage's samples in ms: toFetch (the call until fetch is
 * called: the SDK's request building, for bosgo the bridge into Go and the
 * port), network (fetch until the headers), toBody (headers until the SDK
 * reads the body), body (reading it), toResult (from the last byte to the
 * resolved result: decoding, the bridge back, building the JS objects).
 */
window.profile = async (rounds, warmup) => {
  const out = { bosgo: {}, js: {} };
  for (const n of Object.keys(out)) for (const s of [...STAGES, "total"]) out[n][s] = [];
  const one = {
    bosgo: (fetch) => bos.collection("posts").getOne(postId, { fetch }),
    js: (fetch) => jsc.collection("posts").getOne(postId, { fetch }),
  };
  for (let r = -warmup; r < rounds; r++) {
    for (const n of r % 2 ? ["bosgo", "js"] : ["js", "bosgo"]) {
      const m = {};
      const t0 = performance.now();
      await one[n](timedFetch(m));
      const t1 = performance.now();
      if (r < 0) continue;
      const at = [t0, m.fetch, m.headers, m.bodyStart, m.bodyEnd, t1];
      STAGES.forEach((s, i) => out[n][s].push(at[i + 1] - at[i]));
      out[n].total.push(t1 - t0);
    }
  }
  return out;
};
