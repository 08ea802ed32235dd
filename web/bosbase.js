// bosbase.js — the JavaScript API of bosgo's browser build.
//
// bosgo is a Go BosBase SDK compiled to WebAssembly (dist/bosbase.wasm).
// This ES module loads it and wraps its low-level bridge (the global
// __bosgo, see wasm/bridge.go) in an API shaped like the BosBase JS SDK:
//
//   import { load } from "./bosbase.js";
//   const BosBase = await load({ onProgress: ({ loaded, total }) => … });
//   const pb = new BosBase("http://127.0.0.1:8090", { authStore: "local" });
//   await pb.collection("users").authWithPassword("demo@example.com", "secret123");
//
// Every call returns a Promise that always settles; failures reject with a
// ClientResponseError (url, status, response/data, isAbort, originalError,
// message, name, code). Every call takes an AbortSignal as options.signal.

import { BaseAuthStore, LocalAuthStore, AsyncAuthStore } from "./stores.js";
import { normalizeUnknownQueryParams, serializeQueryParams } from "./helpers.js";

export { BaseAuthStore, LocalAuthStore, AsyncAuthStore };
export * from "./helpers.js";

const NS = "__bosgo";
const HANDLE = Symbol("bosgo.handle");
const LISTENERS = Symbol("bosgo.listeners");
const REDIRECT_KEY = "bosgo_oauth2_redirect";
const CALL_HEADER = "x-bosgo-call"; // marks a port request with its call (never sent)

let bridge = null; // the module's bridge once loaded
let loading = null; // the load() promise, shared by every caller

// ---------------------------------------------------------------- errors

/**
 * The one error type of the API, constructed as in the BosBase JS SDK:
 * new ClientResponseError(x) takes url, status, isAbort, originalError and
 * response (or data) from a plain object or another ClientResponseError,
 * wraps anything else (an Error, a DOMException, which counts as an
 * abort) as originalError, and takes its message from response.message.
 * cause is originalError. status is the HTTP status, or 0 when no
 * response arrived; `err.status === 401 && err.response.mfaId` detects the
 * MFA challenge. code (a bosgo extension) is a machine-readable reason for
 * client-side failures ("popup_blocked", "popup_closed", "timeout",
 * "aborted", "oauth2_cancelled", "realtime_disconnected", "lock_timeout",
 * …) and "" for plain server errors.
 */
export class ClientResponseError extends Error {
  constructor(errData) {
    super("ClientResponseError");
    Object.setPrototypeOf(this, new.target.prototype);
    this.url = "";
    this.status = 0;
    this.response = {};
    this.isAbort = false;
    this.originalError = null;
    this.code = "";
    if (errData !== null && typeof errData === "object") {
      this.url = typeof errData.url === "string" ? errData.url : "";
      this.status = typeof errData.status === "number" ? errData.status : 0;
      this.isAbort = !!errData.isAbort;
      this.originalError = errData.originalError;
      const r = errData.response !== null && typeof errData.response === "object" ? errData.response : errData.data;
      this.response = r !== null && typeof r === "object" ? r : {};
      const plain = errData instanceof ClientResponseError || Object.getPrototypeOf(errData) === Object.prototype;
      if (plain && typeof errData.code === "string") this.code = errData.code;
    }
    if (!this.originalError && !(errData instanceof ClientResponseError)) this.originalError = errData;
    if (typeof DOMException !== "undefined" && errData instanceof DOMException) this.isAbort = true;
    if (this.isAbort && !this.code) this.code = "aborted";
    this.name = "ClientResponseError " + this.status;
    this.message = this.response.message ||
      (this.isAbort ? "The request was aborted (cancelled, auto-cancelled or timed out)." : "Something went wrong.");
    this.cause = this.originalError;
  }

  /** Alias of response (the GDScript seed reads .data). */
  get data() {
    return this.response;
  }

  /** True when the browser refused to open the OAuth2 popup. */
  get isPopupBlocked() {
    return this.code === "popup_blocked";
  }

  toJSON() {
    return { ...this, message: this.message, name: this.name };
  }
}

/**
 * The browser blocked the OAuth2 popup. Call authWithOAuth2 directly in a
 * click handler, before any await, or use authWithOAuth2Redirect.
 */
export class PopupBlockedError extends ClientResponseError {
  constructor(errData = {}) {
    super(errData);
    this.code = "popup_blocked";
    this.name = "PopupBlockedError";
  }
}

/** clientError is a client-side failure with bosgo's message and code. */
function clientError(message, detail = {}, Type = ClientResponseError) {
  const err = new Type(detail);
  if (!err.response.message && message) err.message = message;
  if (detail.originalError == null) err.originalError = err.cause = null;
  return err;
}

/** toError turns whatever a bridge call failed with into a ClientResponseError. */
function toError(e) {
  if (e instanceof ClientResponseError) return e;
  const d = e && e.bosgo;
  if (d) return clientError(d.message, d, d.code === "popup_blocked" ? PopupBlockedError : ClientResponseError);
  const aborted = e && e.name === "AbortError";
  return clientError(aborted ? "The request was aborted." : String((e && e.message) || e || "Something went wrong."), {
    isAbort: aborted,
    code: aborted ? "aborted" : /already exited/.test(String(e && e.message)) ? "exited" : "",
    originalError: e ? { name: e.name, message: e.message } : null,
  });
}

// ---------------------------------------------------------------- loading

/**
 * load fetches and starts the WebAssembly module (once; later calls share
 * the first) and resolves to the BosBase class.
 *
 * wasmURL defaults to dist/bosbase.wasm next to this file, wasmExecURL to
 * dist/wasm_exec.js. onProgress({loaded, total}) reports downloaded bytes;
 * total is null when unknown (no Content-Length, or a compressed transfer
 * whose length is not the module's).
 */
export function load(options = {}) {
  if (loading) return loading;
  loading = start(options).catch((e) => {
    loading = null; // a failed load may be retried
    throw toError(e);
  });
  return loading;
}

async function start({ wasmURL, wasmExecURL, onProgress } = {}) {
  if (bridge) return BosBase;
  const wasm = String(wasmURL ?? new URL("./dist/bosbase.wasm", import.meta.url));
  const exec = String(wasmExecURL ?? new URL("./dist/wasm_exec.js", import.meta.url));
  if (typeof globalThis.Go !== "function") await import(/* webpackIgnore: true */ exec);
  const go = new globalThis.Go();

  const resp = await fetch(wasm);
  if (!resp.ok) {
    throw clientError(`Loading ${wasm} failed: HTTP ${resp.status}.`, { url: wasm, status: resp.status });
  }
  const { instance } = await WebAssembly.instantiateStreaming(withProgress(resp, onProgress), go.importObject);

  bridge = await new Promise((resolve, reject) => {
    globalThis[NS] = { onReady: resolve };
    go.run(instance).then(
      () => reject(new Error("the bosgo module exited before it was ready")),
      reject,
    );
  });
  return BosBase;
}

/** withProgress returns resp as an application/wasm Response whose body reports progress. */
function withProgress(resp, onProgress) {
  const headers = { "Content-Type": "application/wasm" };
  if (typeof onProgress !== "function" || !resp.body) return new Response(resp.body, { headers });
  const encoded = (resp.headers.get("Content-Encoding") || "identity") !== "identity";
  const length = Number(resp.headers.get("Content-Length"));
  const total = !encoded && length > 0 ? length : null;
  let loaded = 0;
  const report = () => {
    try {
      onProgress({ loaded, total });
    } catch (e) {
      console.error(e);
    }
  };
  const counter = new TransformStream({
    transform(chunk, controller) {
      loaded += chunk.byteLength;
      report();
      controller.enqueue(chunk);
    },
  });
  report();
  return new Response(resp.body.pipeThrough(counter), { headers });
}

function requireBridge() {
  if (!bridge) throw clientError("bosgo is not loaded: await load() before creating a BosBase client.", { code: "not_loaded" });
  return bridge;
}

// ---------------------------------------------------------------- bridge calls

/** unwrap returns a sync bridge result, throwing the Error it may be. */
function unwrap(v) {
  if (v instanceof Error) throw toError(v);
  return v;
}

function sync(h, method, args = null) {
  try {
    return unwrap(requireBridge().sync(h, method, args));
  } catch (e) {
    throw toError(e);
  }
}

/**
 * call runs an async bridge method. It never throws: every failure is a
 * rejected promise. It calls the bridge synchronously (the OAuth2 popup
 * relies on that).
 */
function call(h, method, args, signal, fn) {
  try {
    return requireBridge().call(h, method, args, signal ?? null, fn ?? null).catch((e) => {
      throw toError(e);
    });
  } catch (e) {
    return Promise.reject(toError(e));
  }
}

/**
 * split separates the JS-only members of an options object (signal,
 * requestKey, fetch) and resolves the JS SDK's legacy cancellation
 * spellings: $autoCancel: false means requestKey null, $cancelKey is the
 * requestKey; both are removed (also from query and params), so they never
 * reach the query string.
 */
function split(options) {
  if (options == null) return { signal: undefined, requestKey: undefined, fetchFn: undefined, opts: {} };
  if (typeof options !== "object") throw clientError("options must be an object");
  const { signal, requestKey, $autoCancel, $cancelKey, fetch: fetchFn, ...opts } = options;
  let key = requestKey;
  const legacy = [opts.query, opts.params].filter((q) => q && typeof q === "object");
  if (key === undefined) {
    if ($autoCancel === false || legacy.some((q) => q.$autoCancel === false)) key = null;
    else key = $cancelKey || legacy.map((q) => q.$cancelKey).find(Boolean);
  }
  for (const k of ["query", "params"]) {
    if (opts[k] && typeof opts[k] === "object" && ("$autoCancel" in opts[k] || "$cancelKey" in opts[k])) {
      const { $autoCancel: _a, $cancelKey: _c, ...rest } = opts[k];
      opts[k] = rest;
    }
  }
  return { signal, requestKey: key, fetchFn, opts };
}

let callSeq = 0;

/**
 * Calls whose options.headers are data, not headers of a request the call
 * sends: realtimeSubscribe writes them into the subscription key
 * (topic?options={"query":…,"headers":…}), so the port's call marker must
 * stay out of them (the key would change with every call, and a server
 * naming its events by topic would never match it).
 */
const UNMARKED_CALLS = new Set(["realtimeSubscribe"]);

/**
 * clientCall runs a bridge method for a client with an options object: it
 * links options.signal, the request key (see cancelRequest) and
 * cancelAllRequests to one AbortController, and calls the bridge
 * synchronously. As in the JS SDK, a call auto-cancels the pending call
 * with the same request key: options.requestKey, else defaultKey (method
 * + path; null: never auto-cancelled), unless requestKey is null or
 * autoCancellation(false).
 */
function clientCall(client, method, args, options, fn, defaultKey = null) {
  let signal, requestKey, fetchFn, opts;
  try {
    ({ signal, requestKey, fetchFn, opts } = split(options));
  } catch (e) {
    return Promise.reject(toError(e));
  }
  const key = requestKey === undefined ? (client._autoCancel ? defaultKey : null) : requestKey;
  if (key != null && client._autoCancel) client.cancelRequest(key);
  const ctrl = new AbortController();
  const entry = { ctrl, key: key ?? "" };
  const onAbort = () => ctrl.abort();
  if (signal) {
    if (signal.aborted) ctrl.abort();
    else signal.addEventListener("abort", onAbort, { once: true });
  }
  let id = "";
  if (client._port && !UNMARKED_CALLS.has(method)) {
    // The port's fetch finds this call's options (hooks, a custom fetch)
    // by this header, and removes it before sending.
    id = String(++callSeq);
    client._calls.set(id, { options: options || {}, fetchFn, method, args });
    opts.headers = { ...opts.headers, [CALL_HEADER]: id };
  }
  client._inflight.add(entry);
  return call(client[HANDLE], method, { ...args, options: opts }, ctrl.signal, fn).finally(() => {
    client._inflight.delete(entry);
    client._calls.delete(id);
    if (signal) signal.removeEventListener("abort", onAbort);
  });
}

/** dateParams renders Date values as BosBase datetimes, as the JS SDK's filter does. */
function dateParams(params) {
  if (!params || typeof params !== "object") return params ?? {};
  const out = {};
  for (const [k, v] of Object.entries(params)) {
    out[k] = v instanceof Date ? v.toISOString().replace("T", " ") : v;
  }
  return out;
}

const disposer = typeof FinalizationRegistry === "function"
  ? new FinalizationRegistry(({ h, port }) => {
    if (bridge) bridge.dispose(h);
    delete globalThis[port];
  })
  : null;

// ---------------------------------------------------------------- BosBase

/** isStoreLike: a JS SDK-shaped auth store (a BaseAuthStore, or any object with token, save and clear). */
function isStoreLike(v) {
  return v instanceof BaseAuthStore ||
    (v !== null && typeof v === "object" && typeof v.save === "function" && typeof v.clear === "function" && "token" in v);
}

/**
 * absoluteBase resolves a base URL as the JS SDK's buildURL does, at the
 * moment it is called: in a document, a base starting with "/" goes under
 * the page's origin and any other relative base under the page's path
 * (origin + pathname + "/" + base); elsewhere (a worker) against the
 * global location, as fetch would resolve it.
 */
function absoluteBase(base) {
  base = String(base ?? "");
  if (base.startsWith("http://") || base.startsWith("https://")) return base;
  const w = typeof window !== "undefined" ? window : null;
  if (w && w.location) {
    let url = (w.location.origin || "").replace(/\/$/, "");
    if (!base.startsWith("/")) {
      url += w.location.pathname || "/";
      if (!url.endsWith("/")) url += "/";
    }
    return url + base;
  }
  const href = globalThis.location && globalThis.location.href;
  try {
    return href ? new URL(base || "/", href).href : base;
  } catch {
    return base;
  }
}

/**
 * rebase moves url from the base the Go client was created with to the
 * base as it resolves now (the page moved, or pb.baseURL was set).
 */
function rebase(client, url) {
  const now = absoluteBase(client._baseURL).replace(/\/+$/, "");
  const was = client._goBase;
  return was && now !== was && url.startsWith(was) ? now + url.slice(was.length) : url;
}

let portSeq = 0;

/**
 * BosBase is the client. It takes the BosBase JS SDK's arguments —
 * `new BosBase(baseURL = "/", authStore?, lang = "en-US")`, authStore being
 * a BaseAuthStore, LocalAuthStore, AsyncAuthStore, your subclass of one, or
 * any object of that shape — or bosgo's `new BosBase(baseURL, options)`:
 * options.authStore is "local" (localStorage under storageKey, default
 * "bosbase_auth", shared with the JS SDK and synced across tabs, with a
 * cross-tab single-flight refresh), "session" (sessionStorage: this tab
 * only) or "memory" (nothing stored). Without a store argument the
 * client uses "local".
 */
export class BosBase {
  constructor(baseURL = "/", authStoreOrOptions, lang) {
    const b = requireBridge();
    let options = authStoreOrOptions;
    let jsStore = null;
    if (isStoreLike(options)) {
      jsStore = options;
      options = {};
    } else if (options == null) {
      options = {};
    } else if (typeof options !== "object") {
      throw clientError("The second argument must be an auth store or an options object.", { code: "bad_call" });
    }
    if (lang !== undefined) options = { ...options, lang };
    const listeners = options[LISTENERS] ?? new Set();
    Object.defineProperties(this, {
      [HANDLE]: { value: options[HANDLE], writable: true },
      _inflight: { value: new Set() },
      _calls: { value: new Map() },
      _listeners: { value: listeners },
      _options: { value: options },
      _port: { value: "", writable: true },
      _jsStore: { value: jsStore, writable: true },
      _goStore: { value: null, writable: true },
      _goBase: { value: "", writable: true },
      _baseURL: { value: String(baseURL), writable: true },
      _autoCancel: { value: options.autoCancellation !== false, writable: true },
    });
    this.lang = options.lang || "en-US";
    this.beforeSend = undefined;
    this.afterSend = undefined;
    if (this[HANDLE] == null) this._open(b);
    else {
      this._goStore = new AuthStore(this[HANDLE], listeners);
      disposer?.register(this, { h: this[HANDLE], port: "" }, this);
    }
    this.realtime = new RealtimeService(this);
    this.pubsub = new PubSubService(this);
    this.files = new FileService(this); // files.getURL, files.getToken
    this.health = new HealthService(this);
    this._services = new Map();
  }

  /** _open creates the Go client, with a port (see clientOptions.Port in wasm/handles.go). */
  _open(b) {
    const { authStore = "local", storageKey, timeout, autoRefreshThreshold, lockWait } = this._options;
    const port = `__bosgo_port_${++portSeq}`;
    const ref = new WeakRef(this);
    const store = () => ref.deref()?._jsStore;
    Object.defineProperty(globalThis, port, {
      configurable: true,
      value: {
        fetch: (url, init) => portFetch(ref.deref(), url, init),
        fetchAll: (url, init) => portFetch(ref.deref(), url, init).then(readAll),
        getItem: () => {
          const s = store();
          const token = s ? s.token : "";
          return token ? JSON.stringify({ token, record: s.record ?? null }) : null;
        },
        setItem: (_key, raw) => {
          const d = JSON.parse(raw);
          store()?.save(d.token, d.record ?? null);
        },
        removeItem: () => store()?.clear(),
      },
    });
    const base = absoluteBase(this._baseURL);
    this._goBase = base.replace(/\/+$/, "");
    const h = unwrap(b.newClient(base, {
      authStore: this._jsStore ? "js" : authStore, storageKey, lang: this.lang, timeout, autoRefreshThreshold, lockWait, port,
    }, this._jsStore ? null : authChangeDispatcher(this._listeners)));
    this[HANDLE] = h;
    this._port = port;
    if (!this._jsStore) this._goStore = new AuthStore(h, this._listeners);
    disposer?.register(this, { h, port }, this);
  }

  /**
   * authStore is the client's store. Assigning another store (any
   * BaseAuthStore-shaped object) takes effect for the next calls; on a
   * client that used a built-in store it reopens the client, closing its
   * realtime and pub/sub connections.
   */
  get authStore() {
    return this._jsStore || this._goStore;
  }

  set authStore(store) {
    if (store === this.authStore) return;
    if (!isStoreLike(store)) throw clientError("authStore must be an auth store (a BaseAuthStore or an object of its shape).", { code: "bad_call" });
    const wasJS = !!this._jsStore;
    this._jsStore = store;
    if (wasJS || !this._port) return;
    this.dispose();
    this._open(requireBridge());
  }

  /**
   * The base URL as given; a relative one is resolved on every request,
   * against the page or worker, as in the JS SDK. Setting it moves the
   * next requests.
   */
  get baseURL() {
    return this._baseURL;
  }

  set baseURL(v) {
    this._baseURL = String(v);
  }

  /** @deprecated Use baseURL. */
  get baseUrl() {
    return this.baseURL;
  }

  set baseUrl(v) {
    this.baseURL = v;
  }

  /** The service of a collection, by name or id. */
  collection(idOrName) {
    let s = this._services.get(idOrName);
    if (!s) {
      s = new RecordService(this, idOrName);
      this._services.set(idOrName, s);
    }
    return s;
  }

  /** @deprecated Use collection("_superusers"). */
  get admins() {
    return this.collection("_superusers");
  }

  /**
   * filter binds {:name} placeholders in raw as the JS SDK does: strings
   * quoted with ' escaped, numbers as is, null, Dates as BosBase datetimes,
   * other values as quoted JSON; booleans, unlike the JS SDK, as '1' / '0'
   * (BosBase on PostgreSQL answers 400 to `published = true`; see
   * docs/server-issues.md). A placeholder without a parameter stays as it
   * is; filterStrict rejects it instead.
   */
  filter(raw, params) {
    if (!params) return raw;
    for (const key in params) {
      let v = params[key];
      if (typeof v === "boolean") v = v ? "'1'" : "'0'";
      else if (typeof v === "number") v = String(v);
      else if (typeof v === "string") v = `'${v.replace(/'/g, "\\'")}'`;
      else if (v === null) v = "null";
      else if (v instanceof Date) v = `'${v.toISOString().replace("T", " ")}'`;
      else v = `'${JSON.stringify(v).replace(/'/g, "\\'")}'`;
      raw = raw.replaceAll(`{:${key}}`, v);
    }
    return raw;
  }

  /**
   * filterStrict is bosgo's filter: like filter, but a placeholder without
   * a parameter, or a value it cannot render, is an error (code
   * "filter_value").
   */
  filterStrict(raw, params) {
    return sync(this[HANDLE], "filter", { raw, params: dateParams(params) });
  }

  /** buildURL returns the URL of path under the base URL, as the JS SDK builds it. */
  buildURL(path = "") {
    let url = this._port ? absoluteBase(this._baseURL) : sync(this[HANDLE], "baseURL");
    if (path) {
      if (!url.endsWith("/")) url += "/";
      url += path.startsWith("/") ? path.slice(1) : path;
    }
    return url;
  }

  /** @deprecated Use buildURL. */
  buildUrl(path = "") {
    return this.buildURL(path);
  }

  /**
   * send calls any endpoint: options {method, body, query, headers,
   * signal, requestKey, fetch}; the JSON answer resolves.
   */
  send(path, options = {}) {
    const { method = "GET", body, ...rest } = options || {};
    const p = String(path);
    return clientCall(this, "send", { path: p, method, body }, rest, undefined, method + p);
  }

  /**
   * cancelRequest aborts the pending calls with this request key (see
   * autoCancellation); they reject with isAbort.
   */
  cancelRequest(requestKey) {
    for (const e of this._inflight) if (e.key === requestKey) e.ctrl.abort();
    return this;
  }

  /** cancelAllRequests aborts every pending call of this client. */
  cancelAllRequests() {
    for (const e of this._inflight) e.ctrl.abort();
    return this;
  }

  /**
   * autoCancellation(false) stops the JS SDK's default of cancelling a
   * pending call when another with the same request key (options.requestKey,
   * else method + path) starts. bosgo's own option: {autoCancellation:
   * false} in the options-object constructor.
   */
  autoCancellation(enable) {
    this._autoCancel = !!enable;
    return this;
  }

  /**
   * completeOAuth2Redirect finishes a sign-in started with
   * authWithOAuth2Redirect, on the page the provider sent the user back
   * to. It resolves to the auth response, or null when this page load is
   * not such a return. It removes code and state from the address bar.
   */
  completeOAuth2Redirect(options = {}) {
    let saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(REDIRECT_KEY) || "null");
    } catch {
      saved = null;
    }
    const params = new URLSearchParams(location.search);
    const code = params.get("code");
    const state = params.get("state");
    const error = params.get("error");
    if (!saved || (!code && !error)) return Promise.resolve(null);
    sessionStorage.removeItem(REDIRECT_KEY);
    for (const k of ["code", "state", "error", "error_description", "scope", "iss", "session_state"]) params.delete(k);
    const rest = params.toString();
    history.replaceState(history.state, "", location.pathname + (rest ? "?" + rest : "") + location.hash);
    if (state !== saved.state) {
      return Promise.reject(clientError("The OAuth2 state does not match the sign-in this page started.", { code: "oauth2_state_mismatch" }));
    }
    if (error || !code) {
      const cancelled = error === "access_denied";
      return Promise.reject(clientError(
        cancelled ? "The sign-in was cancelled at the provider." : `The provider returned an error: ${String(error).slice(0, 64)}.`,
        { isAbort: cancelled, code: cancelled ? "oauth2_cancelled" : "oauth2_redirect" },
      ));
    }
    return this.collection(saved.collection).authWithOAuth2Code(saved.provider, code, saved.codeVerifier, saved.redirectURL, saved.createData, options);
  }

  /**
   * dispose closes the client's realtime and pub/sub connections and
   * stops its auth-store listeners. The client must not be used after.
   * (Clients that are garbage collected are disposed automatically.)
   */
  dispose() {
    disposer?.unregister(this);
    if (this._rtSubs) {
      dropShared([...this._rtSubs]);
      this._rtSubs.clear();
    }
    if (bridge) bridge.dispose(this[HANDLE]);
    if (this._port) delete globalThis[this._port];
  }
}

/** authChangeDispatcher is the bridge's onAuthChange for one client. */
function authChangeDispatcher(listeners) {
  return (kind, token, record, external) => {
    for (const fn of [...listeners]) {
      try {
        fn(token, record, { kind, external });
      } catch (e) {
        console.error(e);
      }
    }
  };
}

// ---------------------------------------------------------------- AuthStore

/**
 * AuthStore is pb.authStore for the built-in stores ("local", "session",
 * "memory"), kept by the Go module. It is a BaseAuthStore, so
 * loadFromCookie, exportToCookie, model, isAdmin and isAuthRecord work as
 * in the JS SDK.
 */
class AuthStore extends BaseAuthStore {
  constructor(h, listeners) {
    super();
    Object.defineProperties(this, { _h: { value: h }, _listeners: { value: listeners } });
  }

  /** The stored token, or "". */
  get token() {
    return sync(this._h, "token");
  }

  /** The stored auth record, or null. */
  get record() {
    return sync(this._h, "record");
  }

  /** Whether the token is well formed and unexpired (a local check). */
  get isValid() {
    return sync(this._h, "isValid");
  }

  /** Whether the session is a superuser's. */
  get isSuperuser() {
    return sync(this._h, "isSuperuser");
  }

  /** Where the session lives: "local", "session" or "memory". */
  get kind() {
    return sync(this._h, "storeInfo").kind;
  }

  /** The Web Storage key, or null for the memory store. */
  get storageKey() {
    return sync(this._h, "storeInfo").key;
  }

  /** Whether the session reaches the browser storage (false if it fell back to memory). */
  get persistent() {
    return sync(this._h, "storeInfo").persistent;
  }

  /** save stores a session and notifies the listeners. */
  save(token, record = null) {
    if (!token) return this.clear();
    sync(this._h, "save", { token, record });
  }

  /** clear signs out and notifies the listeners. */
  clear() {
    sync(this._h, "clear");
  }

  /**
   * onChange registers callback(token, record, {kind, external}) for every
   * change — also those made by other tabs (external) — and returns a
   * function that removes it. kind is "signed-in", "refreshed",
   * "record-updated", "signed-out", "expired" (a token past its exp that
   * cannot be refreshed was cleared; the call rejects with code
   * "token_expired"), "initial" for fireImmediately.
   */
  onChange(callback, fireImmediately = false) {
    this._listeners.add(callback);
    if (fireImmediately) callback(this.token, this.record, { kind: "initial", external: false });
    return () => {
      this._listeners.delete(callback);
    };
  }
}

// ---------------------------------------------------------------- the port's fetch

/** JS SDK spellings of the headers Go sends lower-cased. */
const HEADER_CASE = { "content-type": "Content-Type", "accept-language": "Accept-Language", authorization: "Authorization" };

/** Query keys a method sends before the caller's, in the JS SDK's order. */
const LEAD_QUERY = { getList: ["page", "perPage"], getFullList: ["page", "perPage", "skipTotal"], getFirstListItem: ["page", "perPage", "filter", "skipTotal"] };

/**
 * portFetch sends one request of the Go client. Requests of a call (marked
 * with CALL_HEADER) go out as the JS SDK sends them: headers in its
 * spelling with pb.lang, the query in the caller's order, a JSON string
 * body; then through pb.beforeSend(url, options) (which may return {url,
 * options}), the call's options.fetch (else the global fetch), and
 * pb.afterSend(response, data, options), whose result replaces the data.
 * Other requests (the realtime stream) go straight to fetch.
 */
async function portFetch(client, url, init) {
  const headers = {};
  let id = "";
  for (const [k, v] of Object.entries(init.headers || {})) {
    if (k.toLowerCase() === CALL_HEADER) id = String(v);
    else headers[k] = v;
  }
  const c = client && client._calls.get(id);
  if (client) url = rebase(client, url);
  if (!c) {
    const resp = await fetch(url, { ...init, headers });
    const stream = client && resp.body && init.method === "GET" && new URL(url).pathname.endsWith("/api/realtime");
    return stream ? watchRealtime(client, resp) : resp;
  }
  const given = (c.options && c.options.headers) || {};
  const spelled = { ...HEADER_CASE };
  for (const k of Object.keys(given)) spelled[k.toLowerCase()] = k;
  const out = {};
  for (const [k, v] of Object.entries(headers)) out[spelled[k] || k] = v;
  if (!Object.keys(given).some((k) => k.toLowerCase() === "accept-language")) out["Accept-Language"] = client.lang;
  const isForm = typeof FormData !== "undefined" && init.body instanceof FormData;
  if (!isForm && !Object.keys(out).some((k) => k.toLowerCase() === "content-type")) out["Content-Type"] = "application/json";

  const u = new URL(url);
  const goQuery = new Map();
  for (const [k, v] of u.searchParams) goQuery.set(k, goQuery.has(k) ? [].concat(goQuery.get(k), v) : v);
  const query = {};
  const userQuery = { ...(c.options.params || {}), ...(c.options.query || {}) };
  for (const k of Object.keys(c.options)) if (!JS_OPTION_KEYS.has(k) && !(k in userQuery)) userQuery[k] = c.options[k];
  for (const k of LEAD_QUERY[c.method] || []) {
    if (goQuery.has(k)) query[k] = k === "skipTotal" && !(k in userQuery) ? 1 : goQuery.get(k);
  }
  for (const [k, v] of Object.entries(userQuery)) if (goQuery.has(k) && !(k in query)) query[k] = v;
  for (const [k, v] of goQuery) if (!(k in query)) query[k] = v;
  u.search = "";

  let body = init.body;
  if (body instanceof Uint8Array) body = jsonInOrder(new TextDecoder().decode(body), c);
  let options = { ...c.options, method: init.method, headers: out, body, query, signal: init.signal };
  delete options.requestKey;
  delete options.$autoCancel;
  delete options.$cancelKey;
  delete options.params;
  let target = u.href;
  if (typeof client.beforeSend === "function") {
    try {
      if (typeof body === "string" && body) options.body = JSON.parse(body);
    } catch {
      // not JSON: beforeSend sees the string
    }
    const r = Object.assign({}, await client.beforeSend(target, options));
    if (r.url !== undefined || r.options !== undefined) {
      target = r.url || target;
      options = r.options || options;
    } else if (Object.keys(r).length) {
      options = r; // the JS SDK's deprecated return form
    }
    if (options.body != null && typeof options.body === "object" && !(options.body instanceof Blob) &&
      !(typeof FormData !== "undefined" && options.body instanceof FormData)) {
      options.body = JSON.stringify(options.body);
    }
  }
  if (options.query !== undefined) {
    const q = serializeQueryParams(options.query);
    if (q) target += (target.includes("?") ? "&" : "?") + q;
    delete options.query;
  }
  const send = options.fetch || c.fetchFn || fetch;
  const init2 = { ...options };
  delete init2.fetch;
  const response = await send(target, init2);
  if (c.method === "listAuthMethods") c.raw = await response.clone().json().catch(() => null);
  if (typeof client.afterSend !== "function") return response;
  let data = {};
  try {
    data = await response.clone().json();
  } catch {
    data = {};
  }
  data = await client.afterSend(response, data, options);
  const noBody = response.status === 204 || response.status === 205 || response.status === 304;
  return new Response(noBody ? null : JSON.stringify(data === undefined ? null : data), {
    status: response.status, statusText: response.statusText, headers: response.headers,
  });
}

/**
 * readAll reads a response whole for the Go client's fetchAll (see
 * FetchTransport.Buffer in wasm/fetch.go): the fetch and its body in one
 * promise, so Go waits on the event loop once per request instead of once
 * for the headers and once per chunk of the body. It resolves to {status,
 * headers ("name: value" lines), body (Uint8Array), error (why reading the
 * body failed, else null)}.
 */
async function readAll(resp) {
  let headers = "";
  for (const [k, v] of resp.headers) headers += `${k}: ${v}\n`;
  try {
    return { status: resp.status, headers, body: await bodyBytes(resp), error: null };
  } catch (e) {
    return { status: resp.status, headers, body: null, error: e };
  }
}

/**
 * bodyBytes reads a response body with its stream reader: the last chunk
 * resolves the promise at once, where arrayBuffer() settles a task later
 * (Chromium), which costs a small answer about as much as the fetch hop
 * saves.
 */
async function bodyBytes(resp) {
  if (!resp.body) return new Uint8Array(await resp.arrayBuffer());
  const reader = resp.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * watchRealtime passes the realtime event stream through and calls
 * pb.realtime.onDisconnect when a stream that delivered events ends, fails
 * or is closed (as the JS SDK: after a drop, before reconnecting, with the
 * active subscriptions; when nothing is subscribed any more, with []).
 */
function watchRealtime(client, resp) {
  const reader = resp.body.getReader();
  let live = false;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    if (live) client.realtime._disconnected();
  };
  const body = new ReadableStream({
    async pull(ctrl) {
      try {
        const r = await reader.read();
        if (r.done) {
          end();
          ctrl.close();
        } else {
          live = true;
          ctrl.enqueue(r.value);
        }
      } catch (e) {
        end();
        ctrl.error(e);
      }
    },
    cancel(reason) {
      end();
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: resp.status, statusText: resp.statusText, headers: resp.headers });
}

/** The JS SDK's order of the body fields of each call. */
const BODY_ORDER = {
  authWithPassword: ["identity", "password"], authWithOTP: ["otpId", "password"], requestOTP: ["email"],
  authWithOAuth2Code: ["provider", "code", "codeVerifier", "redirectURL", "createData"],
  requestPasswordReset: ["email"], confirmPasswordReset: ["token", "password", "passwordConfirm"],
  requestVerification: ["email"], confirmVerification: ["token"], requestEmailChange: ["newEmail"],
  confirmEmailChange: ["token", "password"], impersonate: ["duration"],
};

/**
 * jsonInOrder re-renders a JSON object body with its fields in the order
 * the JS SDK sends them (the call's fields, then the caller's record or
 * extra body fields as given); Go sends them sorted. Anything else is
 * returned as is.
 */
function jsonInOrder(text, c) {
  let v;
  try {
    v = JSON.parse(text);
  } catch {
    return text;
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) return text;
  const given = c.args && c.args.body && typeof c.args.body === "object" ? Object.keys(c.args.body) : [];
  const extra = c.options.body && typeof c.options.body === "object" ? Object.keys(c.options.body) : [];
  const out = {};
  for (const k of [...(BODY_ORDER[c.method] || []), ...given, ...extra, ...Object.keys(v)]) if (k in v && !(k in out)) out[k] = v[k];
  return JSON.stringify(out);
}

/** Option keys that are the SDK's or fetch's, never query parameters. */
const JS_OPTION_KEYS = new Set([
  "requestKey", "$cancelKey", "$autoCancel", "fetch", "headers", "body", "query", "params",
  "cache", "credentials", "integrity", "keepalive", "method", "mode", "redirect",
  "referrer", "referrerPolicy", "signal", "window",
  "batch", "mfaId", "autoRefreshThreshold",
]);

// ---------------------------------------------------------------- RecordService

/** RecordService is pb.collection(name): records and authentication. */
class RecordService {
  constructor(client, collection) {
    this.client = client;
    this.collectionIdOrName = collection;
  }

  get _h() {
    return this.client[HANDLE];
  }

  /** Whether this is the _superusers collection. */
  get isSuperusers() {
    return this.collectionIdOrName === "_superusers" || this.collectionIdOrName === "_pbc_2773867675";
  }

  _call(method, args, options, fn) {
    return clientCall(this.client, method, { collection: this.collectionIdOrName, ...args }, options, fn, this._key(method, args));
  }

  /**
   * _key is a call's default request key, as the JS SDK's: the HTTP method
   * and path of its request (null: never auto-cancelled).
   */
  _key(method, args) {
    const base = "/api/collections/" + encodeURIComponent(this.collectionIdOrName);
    const rec = base + "/records";
    const id = "/" + encodeURIComponent(args.id ?? "");
    switch (method) {
      case "getList":
      case "getFullList":
        return "GET" + rec;
      case "getFirstListItem":
        return "one_by_filter_" + rec + "_" + args.filter;
      case "getOne":
        return "GET" + rec + id;
      case "create":
        return "POST" + rec;
      case "update":
        return "PATCH" + rec + id;
      case "delete":
        return "DELETE" + rec + id;
      case "listAuthMethods":
        return "GET" + base + "/auth-methods";
      case "impersonate":
        return "POST" + base + "/impersonate" + id;
    }
    const path = AUTH_PATHS[method];
    return path ? "POST" + base + "/" + path : null;
  }

  // -- records

  getList(page = 1, perPage = 30, options = {}) {
    return this._call("getList", { page, perPage }, options);
  }

  /**
   * getFullList fetches page after page (the bridge's getFullList is one
   * page of it: batch records, skipTotal unless the options set it) until
   * a page comes back short, and joins their items: each page reaches JS
   * as the server sent it, parsed by JSON.parse.
   */
  async getFullList(batchOrOptions, options) {
    let batch = 0;
    let opts = batchOrOptions || {};
    if (typeof batchOrOptions === "number") {
      batch = batchOrOptions;
      opts = options;
    } else {
      batch = opts.batch || 0;
    }
    let all = [];
    for (let page = 1; ; page++) {
      const list = await this._call("getFullList", { page, batch }, opts);
      const items = list && Array.isArray(list.items) ? list.items : [];
      all = all.concat(items);
      const perPage = list && list.perPage > 0 ? list.perPage : batch > 0 ? batch : 500;
      if (items.length === 0 || items.length < perPage) return all;
    }
  }

  getFirstListItem(filter, options = {}) {
    return this._call("getFirstListItem", { filter }, options);
  }

  getOne(id, options = {}) {
    return this._call("getOne", { id }, options);
  }

  /**
   * create makes a record from bodyParams: a plain object (sent as JSON,
   * or as multipart when a value is a File/Blob or a list of them) or a
   * FormData, which fetch streams as it is. See uploadArgs.
   */
  create(bodyParams = {}, options = {}) {
    return this._call("create", uploadArgs(bodyParams), options);
  }

  /** update changes a record; bodyParams as in create ("field+" appends files, "field-" removes them by name). */
  update(id, bodyParams = {}, options = {}) {
    return this._call("update", { id, ...uploadArgs(bodyParams) }, options);
  }

  /** getCount resolves to the number of records matching filter (BosBase's records/count). */
  getCount(filter = "", options = {}) {
    const path = "/api/collections/" + encodeURIComponent(this.collectionIdOrName) + "/records/count";
    return this.client.send(path, { ...options, method: "GET", filter: filter || undefined }).then((d) => (d && d.count) || 0);
  }

  /** listExternalAuths resolves to the OAuth2 links (_externalAuths records) of the auth record recordId. */
  listExternalAuths(recordId, options = {}) {
    let filter;
    try {
      filter = this.client.filter("recordRef = {:id}", { id: recordId });
    } catch (e) {
      return Promise.reject(toError(e));
    }
    return this.client.collection("_externalAuths").getFullList({ ...options, filter });
  }

  /** unlinkExternalAuth removes the link of recordId with provider; resolves to true (404 when there is none). */
  async unlinkExternalAuth(recordId, provider, options = {}) {
    const links = this.client.collection("_externalAuths");
    const filter = this.client.filter("recordRef = {:recordId} && provider = {:provider}", { recordId, provider });
    const link = await links.getFirstListItem(filter, { signal: options && options.signal });
    return links.delete(link.id, options);
  }

  delete(id, options = {}) {
    return this._call("delete", { id }, options);
  }

  /**
   * subscribe calls callback({action, record}) for changes of the
   * collection's records: topic "*" or a record id. It resolves to an
   * async function that removes this subscription.
   */
  async subscribe(topic, callback, options) {
    if (!topic) throw clientError("Missing topic.");
    if (typeof callback !== "function") throw clientError("subscribe needs a callback function.");
    return this.client.realtime.subscribe(this.collectionIdOrName + "/" + topic, callback, options);
  }

  /** unsubscribe removes the subscriptions of topic, or all of this collection's. */
  unsubscribe(topic) {
    const rt = this.client.realtime;
    return topic ? rt.unsubscribe(this.collectionIdOrName + "/" + topic) : rt.unsubscribeByPrefix(this.collectionIdOrName);
  }

  // -- auth

  /** listAuthMethods resolves to the server's answer, fields bosgo does not know included. */
  listAuthMethods(options = {}) {
    const p = this._call("listAuthMethods", {}, options);
    const rec = this.client._calls.get(String(callSeq)); // clientCall registered it synchronously
    return p.then((res) => (rec && rec.raw && typeof rec.raw === "object" ? { ...rec.raw, ...res } : res));
  }

  authWithPassword(usernameOrEmail, password, options = {}) {
    return this._call("authWithPassword", { identity: usernameOrEmail, password }, options);
  }

  /** authWithOTP signs in with an OTP; pass {mfaId} for the MFA second factor. */
  authWithOTP(otpId, password, options = {}) {
    return this._call("authWithOTP", { otpId, code: password }, options);
  }

  requestOTP(email, options = {}) {
    return this._call("requestOTP", { email }, options);
  }

  /** authRefresh(options?), or the deprecated authRefresh(body, query). */
  authRefresh(bodyOrOptions, query) {
    return this._call("authRefresh", {}, legacyOptions(bodyOrOptions, query));
  }

  /** The last two arguments are options, or the deprecated (body, query). */
  authWithOAuth2Code(provider, code, codeVerifier, redirectURL, createData = {}, bodyOrOptions, query) {
    return this._call("authWithOAuth2Code", { provider, code, codeVerifier, redirectURL, createData }, legacyOptions(bodyOrOptions, query));
  }

  /**
   * authWithOAuth2 signs in through a provider in a popup (or through
   * urlCallback), with the server relaying the redirect over realtime.
   * Call it directly in a click handler: the popup is opened synchronously,
   * before anything is awaited. The promise always settles: a blocked popup
   * rejects at once with PopupBlockedError; a closed popup (code
   * "popup_closed"), the timeout (ms, code "timeout"), signal ("aborted"),
   * the provider's denial ("oauth2_cancelled") and a realtime drop
   * ("realtime_disconnected") reject and close the popup.
   */
  authWithOAuth2(config, ...legacy) {
    if (typeof config === "string" || legacy.length > 0) {
      // The deprecated 7-argument form, as the JS SDK reads it.
      const [code, verifier, redirectURL, createData, body, query] = legacy;
      return this.authWithOAuth2Code(config || "", code || "", verifier || "", redirectURL || "", createData || {}, body || {}, query || {});
    }
    const { provider, scopes, createData, urlCallback, timeout, detectPopupClose, popupCloseGrace, query, ...options } = config || {};
    const merged = { ...options, ...(query || {}) };
    return this._call("authWithOAuth2",
      { provider, scopes, createData, timeout: timeout || 0, detectPopupClose, popupCloseGrace: popupCloseGrace || 0 },
      merged, typeof urlCallback === "function" ? urlCallback : undefined);
  }

  /**
   * authWithOAuth2Redirect signs in by sending this page to the provider
   * (for places popups cannot work: some in-app browsers, strict popup
   * blockers). The provider returns to redirectURL (default: this page's
   * URL without its query), which must be registered at the provider; call
   * pb.completeOAuth2Redirect() there. It resolves once the navigation
   * starts.
   */
  async authWithOAuth2Redirect({ provider, scopes, createData, redirectURL, signal } = {}) {
    const methods = await this.listAuthMethods({ signal });
    const p = (methods.oauth2?.providers || []).find((x) => x.name === provider);
    if (!p) throw clientError(`Missing or invalid provider "${provider}".`, { code: "oauth2_unknown_provider" });
    const back = redirectURL || location.origin + location.pathname;
    const url = new URL(p.authURL + encodeURIComponent(back));
    // The provider URL is admin-configurable: a javascript: URL would run
    // in this page. Only http and https are navigated to.
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      throw clientError("oauth2: the provider's auth URL is not http or https", { code: "oauth2_unsafe_url" });
    }
    if (scopes && scopes.length) url.searchParams.set("scope", scopes.join(" "));
    sessionStorage.setItem(REDIRECT_KEY, JSON.stringify({
      collection: this.collectionIdOrName, provider: p.name, state: p.state,
      codeVerifier: p.codeVerifier, redirectURL: back, createData: createData || null,
    }));
    location.assign(url.toString());
  }

  // Each of these takes options last, or the deprecated (body, query).

  requestPasswordReset(email, bodyOrOptions, query) {
    return this._call("requestPasswordReset", { email }, legacyOptions(bodyOrOptions, query));
  }

  confirmPasswordReset(passwordResetToken, password, passwordConfirm, bodyOrOptions, query) {
    return this._call("confirmPasswordReset", { token: passwordResetToken, password, passwordConfirm }, legacyOptions(bodyOrOptions, query));
  }

  requestVerification(email, bodyOrOptions, query) {
    return this._call("requestVerification", { email }, legacyOptions(bodyOrOptions, query));
  }

  confirmVerification(verificationToken, bodyOrOptions, query) {
    return this._call("confirmVerification", { token: verificationToken }, legacyOptions(bodyOrOptions, query));
  }

  requestEmailChange(newEmail, bodyOrOptions, query) {
    return this._call("requestEmailChange", { newEmail }, legacyOptions(bodyOrOptions, query));
  }

  confirmEmailChange(emailChangeToken, password, bodyOrOptions, query) {
    return this._call("confirmEmailChange", { token: emailChangeToken, password }, legacyOptions(bodyOrOptions, query));
  }

  /**
   * impersonate (superusers only) resolves to a new BosBase client signed
   * in as the record, with a memory store. duration is in seconds (0: the
   * collection's default).
   */
  async impersonate(recordId, duration = 0, options = {}) {
    const listeners = new Set();
    const res = await this._call("impersonate", { id: recordId, duration }, options, authChangeDispatcher(listeners));
    return new BosBase(res.baseURL, { [HANDLE]: res.handle, [LISTENERS]: listeners });
  }

  /** bindToken (BosBase) binds a custom token to the record with these credentials. */
  bindToken(email, password, token, options = {}) {
    return this._call("bindToken", { email, password, token }, options);
  }

  /** unbindToken (BosBase) removes a custom token binding. */
  unbindToken(email, password, token, options = {}) {
    return this._call("unbindToken", { email, password, token }, options);
  }

  /** bindCustomToken is bindToken under the JS SDK's name. */
  bindCustomToken(email, password, token, options = {}) {
    return this.bindToken(email, password, token, options);
  }

  /** unbindCustomToken is unbindToken under the JS SDK's name. */
  unbindCustomToken(email, password, token, options = {}) {
    return this.unbindToken(email, password, token, options);
  }

  /** authWithToken (BosBase) signs in with a bound custom token. */
  authWithToken(token, options = {}) {
    return this._call("authWithToken", { token }, options);
  }
}

/** The auth endpoints of the POST calls, for their default request keys. */
const AUTH_PATHS = {
  authWithPassword: "auth-with-password", authWithOTP: "auth-with-otp", requestOTP: "request-otp",
  authRefresh: "auth-refresh", authWithOAuth2Code: "auth-with-oauth2",
  requestPasswordReset: "request-password-reset", confirmPasswordReset: "confirm-password-reset",
  requestVerification: "request-verification", confirmVerification: "confirm-verification",
  requestEmailChange: "request-email-change", confirmEmailChange: "confirm-email-change",
};

/**
 * legacyOptions reads the JS SDK's deprecated (body, query) arguments: with
 * a query argument the first is the body; else it is the options.
 */
function legacyOptions(bodyOrOptions, query) {
  if (query === undefined) return bodyOrOptions ?? {};
  return { body: { ...(bodyOrOptions || {}) }, query: { ...query } };
}

// ---------------------------------------------------------------- realtime

/** RealtimeService is pb.realtime: any realtime topic. */
class RealtimeService {
  constructor(client) {
    this._client = client;
  }

  get _h() {
    return this._client[HANDLE];
  }

  /** Whether the realtime connection is up (the shared one, once this client subscribed through it). */
  get isConnected() {
    return this._client._rtHub ? this._client._rtHub.state.connected : sync(this._h, "realtimeState").isConnected;
  }

  /** The realtime client id, or "" (the shared connection's, once this client subscribed through it). */
  get clientId() {
    return this._client._rtHub ? this._client._rtHub.state.clientId : sync(this._h, "realtimeState").clientId;
  }

  /**
   * subscribe calls callback(data) for each message of topic; options
   * (query, headers, expand, filter, fields) go with the subscription. It
   * resolves to the function that removes this subscription. With a
   * localStorage session, the subscription goes through the connection the
   * tabs share (SharedRealtime) unless the client was made with
   * sharedRealtime: false.
   */
  async subscribe(topic, callback, options) {
    if (typeof callback !== "function") throw clientError("subscribe needs a callback function.");
    const hub = sharedHub(this._client);
    let id;
    if (hub) {
      if (!this._client._rtHub) Object.defineProperty(this._client, "_rtHub", { value: hub });
      id = await hub.add(this._client, topic, options, callback);
    } else {
      id = await clientCall(this._client, "realtimeSubscribe", { topic }, { requestKey: null, ...options }, callback);
    }
    const sub = { topic, key: subscriptionKey(topic, options), callback, id, hub };
    this._subs.add(sub);
    return () => this._drop([sub]);
  }

  /** The keys of the active subscriptions (topic, plus ?options=… when made with options), as the JS SDK's. */
  get _keys() {
    return [...new Set([...this._subs].map((s) => s.key))];
  }

  _disconnected() {
    if (typeof this.onDisconnect !== "function") return;
    try {
      this.onDisconnect(this._keys);
    } catch (e) {
      console.error(e);
    }
  }

  get _subs() {
    if (!this._client._rtSubs) Object.defineProperty(this._client, "_rtSubs", { value: new Set() });
    return this._client._rtSubs;
  }

  _drop(subs) {
    const gone = subs.filter((s) => this._subs.delete(s));
    dropShared(gone);
    const ids = gone.filter((s) => !s.hub).map((s) => s.id);
    return Promise.all(ids.map((id) => call(this._h, "unsubscribeId", { id }))).then(() => undefined);
  }

  /** unsubscribe removes the subscriptions of topic, or all of them (this client's only, when shared). */
  unsubscribe(topic) {
    const gone = [];
    for (const s of [...this._subs]) if ((!topic || s.topic === topic) && this._subs.delete(s)) gone.push(s);
    dropShared(gone);
    return call(this._h, "realtimeUnsubscribe", { topic: topic || "" }).then(() => undefined);
  }

  /** unsubscribeByPrefix removes every subscription whose key starts with keyPrefix. */
  unsubscribeByPrefix(keyPrefix) {
    return this._drop([...this._subs].filter((s) => s.key.startsWith(keyPrefix)));
  }

  /**
   * unsubscribeByTopicAndListener removes the subscriptions of topic (with
   * or without options) made with listener. (The JS SDK compares listener
   * with its internal wrapper, so there passing your callback removes
   * nothing; docs/browser.md.)
   */
  unsubscribeByTopicAndListener(topic, listener) {
    return this._drop([...this._subs].filter((s) => s.topic === topic && s.callback === listener));
  }
}

/** dropShared removes the shared subscriptions among subs from their tab's SharedRealtime. */
function dropShared(subs) {
  const byHub = new Map();
  for (const s of subs) if (s.hub) byHub.set(s.hub, [...(byHub.get(s.hub) || []), s.id]);
  for (const [hub, ids] of byHub) hub.remove(ids);
}

/** subscriptionKey is the JS SDK's key of a subscription: the topic, plus its query and headers options. */
function subscriptionKey(topic, options) {
  if (!options) return topic;
  const o = { ...options };
  normalizeUnknownQueryParams(o);
  return topic + (topic.includes("?") ? "&" : "?") + "options=" + encodeURIComponent(JSON.stringify({ query: o.query, headers: o.headers }));
}

// ---------------------------------------------------------------- shared realtime

/**
 * SharedRealtime is one tab's part of the realtime connection the tabs of
 * an origin share (docs/realtime.md "One connection for all tabs"). Per
 * channel name (the base URL and the localStorage key), each tab has one.
 * The tab holding the Web Lock "<name>:leader" leads: it opens a client of
 * its own, subscribes to the union of every tab's subscriptions, delivers
 * the events to its listeners and posts them on the BroadcastChannel
 * <name>, where the other tabs deliver them to theirs. Each tab announces
 * its whole set of subscriptions (key, topic, options) whenever it
 * changes; every tab records the announcements, so a tab that takes over
 * knows them. Each tab holds the lock "<name>:tab:<id>" while it lives;
 * the leader asks for it too, which the browser grants when the tab is
 * gone (closed or crashed), and then drops that tab's subscriptions.
 *
 * Messages: {t:"subs", tab, seq, subs:[[key, topic, options]...]} from
 * every tab; {t:"hello"} from a new leader (announce again);
 * {t:"active", keys, acks:{tab: seq}, connected, clientId} and
 * {t:"fail", key, error} from the leader after each change;
 * {t:"ev", key, data} for each event; {t:"down"} when the connection drops.
 */
class SharedRealtime {
  constructor(name, base, options) {
    this.name = name;
    this.base = base;
    this.options = options; // {storageKey, lang} of the leader's client
    this.tab = Math.random().toString(36).slice(2) + Date.now().toString(36);
    this.subs = new Map(); // id → {key, topic, options, callback, client}
    this.seq = 0; // this tab's announcement number
    this.tabs = new Map(); // other tab → {seq, subs: Map key → [topic, options]}
    this.pending = new Set(); // {key, seq, resolve, reject} of subscribes not yet active
    this.state = { connected: false, clientId: "" };
    this.lead = null; // {pb, go: Map key → Promise<unsub>, watched: Set, queue} while leading
    this._start();
    addEventListener("pagehide", () => this._stop());
    addEventListener("pageshow", (e) => e.persisted && this._start());
  }

  _start() {
    if (this.ch) return;
    this.ctrl = new AbortController();
    const signal = this.ctrl.signal;
    this.ch = new BroadcastChannel(this.name);
    this.ch.onmessage = (e) => this._receive(e.data);
    let alive;
    this.alive = new Promise((r) => (alive = r));
    const held = new Promise((r) => signal.addEventListener("abort", r, { once: true }));
    const ignore = () => {};
    navigator.locks.request(this.name + ":tab:" + this.tab, { signal }, () => {
      alive();
      this._announce();
      return held;
    }).catch(ignore);
    navigator.locks.request(this.name + ":leader", { signal }, () => this._lead(held)).catch(ignore);
  }

  /** _stop leaves: the page is going away (or into the back/forward cache). */
  _stop() {
    if (!this.ch) return;
    this.ch.close();
    this.ch = null;
    this.ctrl.abort();
  }

  _post(msg) {
    if (this.ch) this.ch.postMessage(msg);
  }

  /** add subscribes callback; resolves to the subscription's id once the leader's connection has it. */
  add(client, topic, options, callback) {
    const id = ++subSeq;
    const key = subscriptionKey(topic, options);
    this.subs.set(id, { key, topic, options: cloneOptions(options), callback, client });
    this._watchAuth(client);
    const seq = this._announce();
    return new Promise((resolve, reject) => {
      this.pending.add({ key, seq, resolve: () => resolve(id), reject: (e) => (this.subs.delete(id), reject(e)) });
    });
  }

  remove(ids) {
    let changed = false;
    for (const id of ids) changed = this.subs.delete(id) || changed;
    if (changed) this._announce();
  }

  _own() {
    const m = new Map();
    for (const s of this.subs.values()) if (!m.has(s.key)) m.set(s.key, [s.topic, s.options]);
    return m;
  }

  _announce() {
    const seq = ++this.seq;
    this._post({ t: "subs", tab: this.tab, seq, subs: [...this._own()].map(([k, v]) => [k, ...v]) });
    if (this.lead) this._reconcile();
    return seq;
  }

  _receive(m) {
    if (!m || typeof m !== "object") return;
    switch (m.t) {
      case "subs": {
        const prev = this.tabs.get(m.tab);
        if (prev && prev.seq > m.seq) return;
        this.tabs.set(m.tab, { seq: m.seq, subs: new Map(m.subs.map(([k, topic, o]) => [k, [topic, o]])) });
        if (this.lead) this._reconcile();
        return;
      }
      case "hello": // a new leader: the previous one's connection is gone
        if (this.state.connected) this._apply({ t: "down" });
        return void this.alive.then(() => this._announce());
      default:
        return this._apply(m);
    }
  }

  /** _apply handles what the leader posts (also in the leader itself). */
  _apply(m) {
    switch (m.t) {
      case "active": {
        this.state = { connected: m.connected, clientId: m.clientId };
        const keys = new Set(m.keys);
        const acked = m.acks[this.tab] || 0;
        for (const p of [...this.pending]) {
          if (p.seq <= acked && keys.has(p.key)) {
            this.pending.delete(p);
            p.resolve();
          }
        }
        return;
      }
      case "fail":
        for (const p of [...this.pending]) {
          if (p.key === m.key) {
            this.pending.delete(p);
            p.reject(rebuildError(m.error));
          }
        }
        for (const [id, s] of this.subs) if (s.key === m.key) this.subs.delete(id);
        this._announce();
        return;
      case "ev":
        for (const s of [...this.subs.values()]) {
          if (s.key !== m.key) continue;
          try {
            s.callback(m.data);
          } catch (e) {
            console.error(e);
          }
        }
        return;
      case "down":
        this.state = { connected: false, clientId: "" };
        for (const c of new Set([...this.subs.values()].map((s) => s.client))) c.realtime._disconnected();
        return;
    }
  }

  /** _lead runs while this tab holds the leader lock: until held resolves (the page goes). */
  async _lead(held) {
    await this.alive;
    this.lead = { pb: null, go: new Map(), watched: new Set(), queue: Promise.resolve() };
    this._open();
    this._post({ t: "hello" });
    this._reconcile();
    await held;
    const pb = this.lead.pb;
    this.lead = null;
    pb.dispose();
  }

  /** _open makes the leader's client: the same base and session, no sharing, no hooks. */
  _open() {
    const pb = new BosBase(this.base, { authStore: "local", storageKey: this.options.storageKey, lang: this.options.lang, sharedRealtime: false });
    pb.realtime.onDisconnect = () => {
      this._leaderPost({ t: "down" });
      this._awaitReconnect(pb);
    };
    this.lead.pb = pb;
  }

  /**
   * _awaitReconnect tells the tabs the new connection's state once the
   * leader's client has reconnected (after a drop or an auth change), by
   * looking every half second while it is down.
   */
  _awaitReconnect(pb) {
    const lead = this.lead;
    const look = () => {
      if (this.lead !== lead || lead.pb !== pb || lead.go.size === 0) return;
      if (!pb.realtime.isConnected) return void setTimeout(look, 500);
      this._reconcile();
    };
    setTimeout(look, 500);
  }

  /** _leaderPost posts m to the other tabs and applies it here. */
  _leaderPost(m) {
    this._post(m);
    this._apply(m);
  }

  /**
   * _reconcile makes the leader's subscriptions the union of the tabs',
   * one at a time, then tells the tabs which keys are active.
   */
  _reconcile() {
    const lead = this.lead;
    lead.queue = lead.queue.then(async () => {
      if (this.lead !== lead) return;
      const want = this._own();
      const acks = { [this.tab]: this.seq };
      for (const [tab, t] of this.tabs) {
        this._watchTab(tab);
        acks[tab] = t.seq;
        for (const [k, v] of t.subs) if (!want.has(k)) want.set(k, v);
      }
      for (const [k, unsub] of lead.go) {
        if (want.has(k)) continue;
        lead.go.delete(k);
        await unsub.then((f) => f && f()).catch(() => {});
      }
      const added = [];
      for (const [k, w] of want) {
        if (lead.go.has(k)) continue;
        const [topic, options] = w;
        const p = lead.pb.realtime.subscribe(topic, (data) => this._leaderPost({ t: "ev", key: k, data }), { ...options, requestKey: null });
        lead.go.set(k, p.catch(() => null));
        added.push(p.catch((e) => {
          lead.go.delete(k);
          for (const t of this.tabs.values()) t.subs.delete(k);
          this._leaderPost({ t: "fail", key: k, error: errorFields(e) });
        }));
      }
      await Promise.all(added);
      if (this.lead !== lead) return;
      const rt = lead.pb.realtime;
      this._leaderPost({ t: "active", keys: [...lead.go.keys()], acks, connected: rt.isConnected, clientId: rt.clientId });
    });
  }

  /** _watchTab drops tab's subscriptions once its tab lock is free: the tab is gone. */
  _watchTab(tab) {
    const lead = this.lead;
    if (lead.watched.has(tab)) return;
    lead.watched.add(tab);
    navigator.locks.request(this.name + ":tab:" + tab, { signal: this.ctrl.signal }, () => {
      lead.watched.delete(tab);
      this.tabs.delete(tab);
      if (this.lead === lead) this._reconcile();
    }).catch(() => {});
  }

  /**
   * _watchAuth reconnects the leader's client when a client of this tab
   * signs in or out (another tab's change reaches the leader's client as a
   * storage event, and it reconnects by itself).
   */
  _watchAuth(client) {
    if (authWatched.has(client)) return;
    authWatched.add(client);
    client.authStore.onChange((_token, _record, meta) => {
      const lead = this.lead;
      const kind = String((meta && meta.kind) || "");
      if (!lead || (meta && meta.external) || !(kind.startsWith("signed-") || kind === "expired")) return; // not refreshes: the server keeps the connection
      lead.queue = lead.queue.then(() => {
        if (this.lead !== lead) return;
        lead.pb.dispose();
        lead.go.clear();
        this._open();
      });
      this._reconcile();
    });
  }
}

let subSeq = 0;
const hubs = new Map(); // channel name → this tab's SharedRealtime
const authWatched = new WeakSet();

/**
 * sharedHub is the tab's SharedRealtime for client, or null when its
 * realtime is its own: sharedRealtime: false, a store other than
 * localStorage (sessionStorage, memory, a JS store: not the same session
 * in every tab), or no Web Locks or BroadcastChannel.
 */
function sharedHub(client) {
  const o = client._options;
  if (o.sharedRealtime === false || client._jsStore || !client._goStore) return null;
  if (typeof navigator === "undefined" || !navigator.locks || typeof BroadcastChannel !== "function" || typeof addEventListener !== "function") return null;
  let info;
  try {
    info = sync(client[HANDLE], "storeInfo");
  } catch {
    return null;
  }
  if (info.kind !== "local" || !info.persistent) return null;
  const base = absoluteBase(client._baseURL).replace(/\/+$/, "");
  const name = "bosgo-realtime:" + base + "|" + info.key;
  let hub = hubs.get(name);
  if (!hub) hubs.set(name, (hub = new SharedRealtime(name, base, { storageKey: info.key, lang: client.lang })));
  return hub;
}

/** cloneOptions keeps what a subscription sends (query, headers, expand, filter, fields...) and nothing a tab cannot post. */
function cloneOptions(options) {
  if (!options || typeof options !== "object") return undefined;
  const { signal, fetch: _f, requestKey, $autoCancel, $cancelKey, ...rest } = options;
  return JSON.parse(JSON.stringify(rest));
}

/** rebuildError is the ClientResponseError errorFields describes. */
function rebuildError(d) {
  const err = new ClientResponseError(d);
  if (!err.response.message && d.message) err.message = d.message;
  err.originalError = err.cause = null;
  return err;
}

/** errorFields is what a tab needs to rebuild a subscribe error. */
function errorFields(e) {
  const x = toError(e);
  return { message: x.message, status: x.status, code: x.code, response: x.response, isAbort: x.isAbort };
}

// ---------------------------------------------------------------- pub/sub

/** PubSubService is pb.pubsub: BosBase pub/sub over a WebSocket. */
class PubSubService {
  constructor(client) {
    this._client = client;
  }

  get _h() {
    return this._client[HANDLE];
  }

  /** Whether the pub/sub socket is connected. */
  get isConnected() {
    return sync(this._h, "pubsubState").isConnected;
  }

  /** publish sends data (any JSON value) to topic; resolves to {id, topic, created}. Needs a signed-in user. */
  publish(topic, data, options = {}) {
    return clientCall(this._client, "pubsubPublish", { topic, data: data === undefined ? null : data }, options);
  }

  /** subscribe calls callback({id, topic, data, created}) for each message; resolves to the unsubscribe function. */
  async subscribe(topic, callback, options = {}) {
    if (typeof callback !== "function") throw clientError("subscribe needs a callback function.");
    const id = await clientCall(this._client, "pubsubSubscribe", { topic }, options, callback);
    return () => call(this._h, "unsubscribeId", { id }).then(() => undefined);
  }

  /**
   * realtimePublish publishes the JS SDK's realtime envelope {event,
   * payload, ref} to topic (ref: a random id unless given).
   */
  realtimePublish(topic, event, payload, ref) {
    if (!event) return Promise.reject(clientError("event must be set."));
    return this.publish(topic, { event, payload, ref: ref || Math.random().toString(36).slice(2) + Date.now().toString(36) });
  }

  /**
   * realtimeSubscribe calls callback({topic, event, payload, ref, id,
   * created}) for each message of topic, as the JS SDK reads its realtime
   * envelope (payload is the whole data when it is not an envelope).
   */
  realtimeSubscribe(topic, callback) {
    if (typeof callback !== "function") return Promise.reject(clientError("callback must be set."));
    return this.subscribe(topic, (msg) => {
      const d = msg && msg.data;
      const envelope = d !== null && typeof d === "object";
      callback({
        topic: (msg && msg.topic) || topic,
        event: envelope && typeof d.event === "string" ? d.event : "",
        payload: envelope && "payload" in d ? d.payload : d,
        ref: envelope && typeof d.ref === "string" ? d.ref : undefined,
        id: msg && msg.id,
        created: msg && msg.created,
      });
    });
  }

  /** unsubscribe removes topic, or every topic. */
  unsubscribe(topic) {
    return call(this._h, "pubsubUnsubscribe", { topic: topic || "" }).then(() => undefined);
  }

  /** disconnect closes the socket and drops every subscription. */
  disconnect() {
    return call(this._h, "pubsubDisconnect", {}).then(() => undefined);
  }
}

// ---------------------------------------------------------------- files, uploads, health

/** isFile reports whether v is a File or Blob (a File is a Blob). */
function isFile(v) {
  return typeof Blob !== "undefined" && v instanceof Blob;
}

function isFormData(v) {
  return typeof FormData !== "undefined" && v instanceof FormData;
}

/**
 * uploadArgs returns the bridge arguments of a create/update body: {form}
 * for a FormData (fetch sends it, with the browser's multipart encoder),
 * {form} too for a plain object with a File/Blob value (or a list of them),
 * converted as the BosBase JS SDK does: each file value becomes a file part
 * of its key (every element of a list), every other object value
 * (null, arrays, objects) a JSON "@jsonPayload" part so that it keeps its
 * type, and strings, numbers and booleans plain form values; undefined is
 * skipped. Any other body is sent as JSON ({body}).
 */
function uploadArgs(body) {
  if (isFormData(body)) return { form: body };
  if (!body || typeof body !== "object") return { body };
  const values = Object.values(body);
  if (!values.some((v) => isFile(v) || (Array.isArray(v) && v.some(isFile)))) return { body };
  const form = new FormData();
  for (const [key, val] of Object.entries(body)) {
    if (val === undefined) continue;
    const list = Array.isArray(val) ? val : [val];
    if (typeof val === "object" && !list.some(isFile)) {
      form.append("@jsonPayload", JSON.stringify({ [key]: val }));
    } else {
      for (const v of list) form.append(key, v);
    }
  }
  return { form };
}

/** serializeQuery renders query parameters as the BosBase JS SDK does. */
function serializeQuery(params) {
  const out = [];
  for (const [key, raw] of Object.entries(params || {})) {
    const k = encodeURIComponent(key);
    for (let v of Array.isArray(raw) ? raw : [raw]) {
      if (v === null || v === undefined) continue;
      if (v instanceof Date) v = v.toISOString().replace("T", " ");
      else if (typeof v === "object") v = JSON.stringify(v);
      out.push(k + "=" + encodeURIComponent(v));
    }
  }
  return out.join("&");
}

/** FileService is pb.files: file URLs and file tokens. */
class FileService {
  constructor(client) {
    this._client = client;
  }

  /**
   * getURL returns the absolute URL of a record's file, or "" when
   * filename is empty or the record has no id or collection. queryParams:
   * {thumb: "100x100", download: true, token} and any other parameter
   * (download: false is dropped). The URL carries the token: do not log it.
   */
  getURL(record, filename, queryParams = {}) {
    const collection = record && (record.collectionId || record.collectionName);
    if (!filename || !record || !record.id || !collection) return "";
    const path = ["api", "files", collection, record.id, filename].map(encodeURIComponent).join("/");
    const params = { ...queryParams };
    if (params.download === false) delete params.download;
    const query = serializeQuery(params);
    return this._client.buildURL(path) + (query ? "?" + query : "");
  }

  /** @deprecated Use getURL. */
  getUrl(record, filename, queryParams = {}) {
    return this.getURL(record, filename, queryParams);
  }

  /** getToken resolves to a short-lived file token for protected files (needs a signed-in session). */
  getToken(options = {}) {
    return this._client.send("/api/files/token", { ...options, method: "POST" }).then((d) => (d && d.token) || "");
  }
}

/** HealthService is pb.health. */
class HealthService {
  constructor(client) {
    this._client = client;
  }

  /** check resolves to the server's {code, message, data}; rejects when it is unreachable or unhealthy. */
  check(options = {}) {
    return this._client.send("/api/health", { ...options, method: "GET" });
  }
}

export default load;
