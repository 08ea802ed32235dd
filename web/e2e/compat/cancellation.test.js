// cancellation.test.js — the JS SDK's auto-cancellation: a pending call is
// cancelled when another with the same request key starts (default: method
// + path), unless requestKey is null or autoCancellation(false);
// $autoCancel: false and $cancelKey are the legacy spellings and never
// reach the query; cancelRequest / cancelAllRequests; every cancelled call
// rejects with isAbort.
import { eq, ok, rejects, until, fakeFetch, listReply } from "./assert.js";

const BASE = "http://127.0.0.1:9";
const isAbort = (e) => ok(e.isAbort === true, "want isAbort, got " + e);

export default {
  async "the same method and path cancels the pending call"({ default: Client, BaseAuthStore }) {
    const f = fakeFetch(listReply(), { hold: true });
    const pb = new Client(BASE, new BaseAuthStore());
    const first = pb.collection("posts").getList(1, 10, { fetch: f });
    const second = pb.collection("posts").getList(2, 10, { fetch: f });
    await rejects(first, isAbort, "the first call");
    await until(() => f.pending.length === 1, "the second request");
    f.release();
    eq((await second).page, 1);
  },
  async "send() keys its calls by method and path too"({ default: Client, BaseAuthStore }) {
    const f = fakeFetch(() => ({ json: { ok: true } }), { hold: true });
    const pb = new Client(BASE, new BaseAuthStore());
    const first = pb.send("/api/hello", { method: "GET", fetch: f });
    const second = pb.send("/api/hello", { method: "GET", fetch: f });
    await rejects(first, isAbort, "the first send");
    await until(() => f.pending.length === 1, "the second request");
    f.release();
    eq(await second, { ok: true });
  },
  async "requestKey null, distinct keys and autoCancellation(false) keep both"({ default: Client, BaseAuthStore }) {
    for (const [setup, opts] of [[(pb) => pb, { requestKey: null }], [(pb) => pb, { $autoCancel: false }], [(pb) => pb.autoCancellation(false), {}]]) {
      const f = fakeFetch(listReply(), { hold: true });
      const pb = setup(new Client(BASE, new BaseAuthStore()));
      const a = pb.collection("posts").getList(1, 10, { ...opts, fetch: f });
      const b = pb.collection("posts").getList(1, 10, { ...opts, fetch: f });
      await until(() => f.pending.length === 2, "both requests");
      f.release();
      await a;
      await b;
      ok(!f.calls.some((c) => c.url.includes("autoCancel")), "$autoCancel is not a query parameter");
    }
    const f = fakeFetch(listReply(), { hold: true });
    const pb = new Client(BASE, new BaseAuthStore());
    const a = pb.collection("posts").getList(1, 10, { requestKey: "a", fetch: f });
    const b = pb.collection("posts").getList(1, 10, { requestKey: "b", fetch: f });
    await until(() => f.pending.length === 2, "both keyed requests");
    f.release();
    await Promise.all([a, b]);
  },
  async "$cancelKey names the key and stays out of the query"({ default: Client, BaseAuthStore }) {
    const f = fakeFetch(listReply(), { hold: true });
    const pb = new Client(BASE, new BaseAuthStore());
    const p = pb.collection("posts").getList(1, 10, { $cancelKey: "search", fetch: f });
    await until(() => f.pending.length === 1, "the request");
    ok(!f.calls[0].url.includes("cancelKey"), "query: " + f.calls[0].url);
    pb.cancelRequest("search");
    await rejects(p, isAbort);
  },
  async "cancelAllRequests aborts every pending call"({ default: Client, BaseAuthStore }) {
    const f = fakeFetch(listReply(), { hold: true });
    const pb = new Client(BASE, new BaseAuthStore());
    const a = pb.collection("posts").getList(1, 10, { fetch: f });
    const b = pb.collection("users").getOne("x", { fetch: f });
    await until(() => f.pending.length === 2, "both requests");
    pb.cancelAllRequests();
    await rejects(a, isAbort);
    await rejects(b, isAbort);
  },
};
