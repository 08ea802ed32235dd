// errors.test.js — ClientResponseError as the JS SDK constructs it: from a
// plain object or another ClientResponseError (url, status, response or
// data, isAbort, originalError), wrapping an Error or a DOMException (an
// abort) as originalError and cause, message from response.message; and
// what a failed call rejects with.
import { eq, ok, rejects, fakeFetch } from "./assert.js";

const BASE = "http://127.0.0.1:9";

export default {
  async "from a plain object"({ ClientResponseError }) {
    const e = new ClientResponseError({ url: "http://x/api", status: 400, response: { message: "Bad.", data: { f: 1 } } });
    eq([e.url, e.status, e.message, e.name, e.isAbort], ["http://x/api", 400, "Bad.", "ClientResponseError 400", false]);
    eq(e.data, e.response, "data alias");
    ok(e instanceof Error && e instanceof ClientResponseError, "an Error");
    eq(new ClientResponseError({ status: 404, data: { message: "Missing." } }).message, "Missing.", "data as response");
    eq(new ClientResponseError({ status: "x" }).status, 0, "a non-number status");
  },
  async "wrapping an Error, a DOMException and another ClientResponseError"({ ClientResponseError }) {
    const boom = new Error("boom");
    const e = new ClientResponseError(boom);
    ok(e.originalError === boom && e.cause === boom, "originalError and cause");
    eq([e.status, e.isAbort, e.message], [0, false, "Something went wrong."]);
    const abort = new DOMException("stop", "AbortError");
    const a = new ClientResponseError(abort);
    ok(a.isAbort && a.originalError === abort, "a DOMException is an abort");
    const inner = new ClientResponseError({ url: "u", status: 403, response: { message: "No." }, originalError: boom });
    const outer = new ClientResponseError(inner);
    eq([outer.url, outer.status, outer.message], ["u", 403, "No."]);
    ok(outer.originalError === boom, "keeps the inner originalError");
    eq(new ClientResponseError().response, {}, "no argument");
  },
  async "a failed call rejects with the server's status and body"({ default: Client, BaseAuthStore, ClientResponseError }) {
    const body = { status: 400, message: "Failed to create record.", data: { title: { code: "validation_required", message: "Missing required value." } } };
    const f = fakeFetch(() => ({ status: 400, json: body }));
    const pb = new Client(BASE, new BaseAuthStore());
    const e = await rejects(pb.collection("posts").create({}, { fetch: f }), () => {});
    ok(e instanceof ClientResponseError, "a ClientResponseError");
    eq([e.status, e.message, e.response.data.title.code, e.isAbort], [400, "Failed to create record.", "validation_required", false]);
  },
  async "the error's url is the request's"({ default: Client, BaseAuthStore }, { origin }) {
    const pb = new Client(origin, new BaseAuthStore());
    const e = await rejects(pb.collection("users").getOne("missing1234567"), () => {});
    eq([e.status, e.url], [404, origin + "/api/collections/users/records/missing1234567"]);
  },
  async "a network failure rejects with status 0"({ default: Client, BaseAuthStore }) {
    const pb = new Client(BASE, new BaseAuthStore());
    const e = await rejects(pb.collection("posts").getList(1, 1, { fetch: () => Promise.reject(new TypeError("Failed to fetch")) }), () => {});
    eq([e.status, e.isAbort], [0, false]);
  },
};
