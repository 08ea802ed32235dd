// assert.js: the few assertions and fakes the compatibility tests share.

export function eq(got, want, what = "value") {
  const g = JSON.stringify(got);
  const w = JSON.stringify(want);
  if (g !== w) throw new Error(`${what}: got ${g}, want ${w}`);
}

export function ok(cond, what) {
  if (!cond) throw new Error(what);
}

export async function rejects(p, check, what = "the call") {
  try {
    await p;
  } catch (e) {
    check(e);
    return e;
  }
  throw new Error(`${what} resolved; want a rejection`);
}

/** until resolves once cond() is true, checking after each task (no timers as clocks). */
export async function until(cond, what) {
  for (let i = 0; i < 2000; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 0));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** b64url encodes a JSON value as a JWT segment. */
function b64url(v) {
  return btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(v)))).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
}

/** jwt returns an unsigned token with payload (exp in seconds from now when expIn is set). */
export function jwt(payload = {}, expIn) {
  const p = { ...payload };
  if (expIn !== undefined) p.exp = Math.floor(Date.now() / 1000) + expIn;
  return `${b64url({ alg: "HS256", typ: "JWT" })}.${b64url(p)}.c2ln`;
}

/**
 * fakeFetch records every request {url, method, headers, body} and answers
 * with reply(req) ({status, json}); with hold, requests wait until
 * release() and reject when their signal aborts.
 */
export function fakeFetch(reply = () => ({ status: 200, json: {} }), { hold = false } = {}) {
  const calls = [];
  const pending = [];
  const f = (url, init = {}) => {
    const headers = {};
    for (const [k, v] of Object.entries(init.headers || {})) headers[k] = v;
    const req = { url: String(url), method: init.method || "GET", headers, body: init.body };
    calls.push(req);
    const answer = () => {
      const { status = 200, json = {} } = reply(req) || {};
      return new Response(status === 204 ? null : JSON.stringify(json), { status, headers: { "Content-Type": "application/json" } });
    };
    if (!hold) return Promise.resolve(answer());
    return new Promise((resolve, reject) => {
      const release = () => resolve(answer());
      const sig = init.signal;
      if (sig) {
        sig.addEventListener("abort", () => {
          const i = pending.indexOf(release);
          if (i >= 0) pending.splice(i, 1);
          reject(new DOMException("The operation was aborted.", "AbortError"));
        });
      }
      pending.push(release);
    });
  };
  f.calls = calls;
  f.pending = pending;
  f.release = () => pending.splice(0).forEach((r) => r());
  return f;
}

export const authReply = (token, record = { id: "u1", collectionId: "_pb_users_auth_", collectionName: "users", email: "a@example.com" }) =>
  () => ({ status: 200, json: { token, record } });

export const listReply = (items = []) => () => ({ status: 200, json: { page: 1, perPage: 30, totalItems: items.length, totalPages: 1, items } });
