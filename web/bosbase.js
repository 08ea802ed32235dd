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

const NS = "__bosgo";
const HANDLE = Symbol("bosgo.handle");
const LISTENERS = Symbol("bosgo.listeners");
const REDIRECT_KEY = "bosgo_oauth2_redirect";

let bridge = null; // the module's bridge once loaded
let loading = null; // the load() promise, shared by every caller

// ---------------------------------------------------------------- errors

/**
 * The one error type of the API, as in the BosBase JS SDK. status is the
 * HTTP status, or 0 when no response arrived (network error, abort, a
 * client-side failure); response is the decoded error body ({} when none),
 * so `err.status === 401 && err.response.mfaId` detects the MFA challenge.
 * code is a machine-readable reason for client-side failures
 * ("popup_blocked", "popup_closed", "timeout", "aborted",
 * "oauth2_cancelled", "realtime_disconnected", "lock_timeout", …) and ""
 * for plain server errors.
 */
export class ClientResponseError extends Error {
  constructor(detail = {}) {
    super(detail.message || "Something went wrong.");
    Object.setPrototypeOf(this, new.target.prototype);
    this.url = detail.url || "";
    this.status = detail.status || 0;
    this.response = detail.response && typeof detail.response === "object" ? detail.response : {};
    this.isAbort = !!detail.isAbort;
    this.originalError = detail.originalError ?? null;
    this.code = detail.code || "";
    this.name = "ClientResponseError " + this.status;
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
  constructor(detail = {}) {
    super({ ...detail, code: "popup_blocked" });
    this.name = "PopupBlockedError";
  }
}

/** toError turns whatever a bridge call failed with into a ClientResponseError. */
function toError(e) {
  if (e instanceof ClientResponseError) return e;
  const d = e && e.bosgo;
  if (d) return d.code === "popup_blocked" ? new PopupBlockedError(d) : new ClientResponseError(d);
  const aborted = e && e.name === "AbortError";
  return new ClientResponseError({
    message: aborted ? "The request was aborted." : String((e && e.message) || e || "Something went wrong."),
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
    throw new ClientResponseError({ url: wasm, status: resp.status, message: `Loading ${wasm} failed: HTTP ${resp.status}.` });
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
  if (!bridge) throw new ClientResponseError({ message: "bosgo is not loaded: await load() before creating a BosBase client.", code: "not_loaded" });
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

/** split separates the JS-only members of an options object (signal, …). */
function split(options) {
  if (options == null) return { signal: undefined, opts: {} };
  if (typeof options !== "object") throw new ClientResponseError({ message: "options must be an object" });
  const { signal, requestKey, $autoCancel, $cancelKey, fetch: _fetch, ...opts } = options;
  return { signal, opts };
}

/**
 * clientCall runs a bridge method for a client with an options object: it
 * links options.signal and the client's cancelRequest/cancelAllRequests to
 * one AbortController, and calls the bridge synchronously.
 */
function clientCall(client, method, args, options, fn) {
  let signal, opts;
  try {
    ({ signal, opts } = split(options));
  } catch (e) {
    return Promise.reject(toError(e));
  }
  const ctrl = new AbortController();
  const entry = { ctrl, key: (options && options.requestKey) || "" };
  const onAbort = () => ctrl.abort();
  if (signal) {
    if (signal.aborted) ctrl.abort();
    else signal.addEventListener("abort", onAbort, { once: true });
  }
  client._inflight.add(entry);
  return call(client[HANDLE], method, { ...args, options: opts }, ctrl.signal, fn).finally(() => {
    client._inflight.delete(entry);
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
  ? new FinalizationRegistry((h) => bridge && bridge.dispose(h))
  : null;

// ---------------------------------------------------------------- BosBase

/**
 * BosBase is the client, as `new BosBase(baseURL, options)` in the BosBase
 * JS SDK. options.authStore is "local" (localStorage under storageKey,
 * default "bosbase_auth", shared with the JS SDK and synced across tabs),
 * "session" (sessionStorage: this tab only) or "memory" (nothing stored).
 */
export class BosBase {
  constructor(baseURL = "/", options = {}) {
    const b = requireBridge();
    const listeners = options[LISTENERS] ?? new Set();
    let h = options[HANDLE];
    if (h == null) {
      const { authStore = "local", storageKey, lang, timeout, autoRefreshThreshold, lockWait } = options;
      h = unwrap(b.newClient(String(baseURL), { authStore, storageKey, lang, timeout, autoRefreshThreshold, lockWait }, authChangeDispatcher(listeners)));
    }
    Object.defineProperty(this, HANDLE, { value: h });
    Object.defineProperty(this, "_inflight", { value: new Set() });
    this.authStore = new AuthStore(h, listeners);
    this.realtime = new RealtimeService(this);
    this.pubsub = new PubSubService(this);
    this._services = new Map();
    disposer?.register(this, h, this);
  }

  /** The absolute base URL (a relative one is resolved against the page). */
  get baseURL() {
    return sync(this[HANDLE], "baseURL");
  }

  /** @deprecated Use baseURL. */
  get baseUrl() {
    return this.baseURL;
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
   * filter binds {:name} placeholders in raw with safely escaped values
   * (strings, numbers, booleans, null, Date, objects as JSON).
   */
  filter(raw, params) {
    return sync(this[HANDLE], "filter", { raw, params: dateParams(params) });
  }

  /** buildURL returns the absolute URL of a path under the base URL. */
  buildURL(path = "") {
    return sync(this[HANDLE], "buildURL", { path });
  }

  /**
   * send calls any endpoint: options {method, body, query, headers,
   * signal}; the JSON answer resolves.
   */
  send(path, options = {}) {
    const { method = "GET", body, ...rest } = options || {};
    return clientCall(this, "send", { path, method, body }, rest);
  }

  /**
   * cancelRequest aborts the pending calls made with options.requestKey
   * equal to requestKey (they reject with isAbort).
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
   * autoCancellation exists for JS SDK compatibility. bosgo never cancels
   * a call because a similar one started (the JS SDK's default); use
   * options.signal, requestKey with cancelRequest, or cancelAllRequests.
   */
  autoCancellation(_enable) {
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
      return Promise.reject(new ClientResponseError({ message: "The OAuth2 state does not match the sign-in this page started.", code: "oauth2_state_mismatch" }));
    }
    if (error || !code) {
      const cancelled = error === "access_denied";
      return Promise.reject(new ClientResponseError({
        message: cancelled ? "The sign-in was cancelled at the provider." : `The provider returned an error: ${String(error).slice(0, 64)}.`,
        isAbort: cancelled,
        code: cancelled ? "oauth2_cancelled" : "oauth2_redirect",
      }));
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
    if (bridge) bridge.dispose(this[HANDLE]);
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

/** AuthStore is pb.authStore, as the BosBase JS SDK's auth stores. */
class AuthStore {
  constructor(h, listeners) {
    this._h = h;
    this._listeners = listeners;
  }

  /** The stored token, or "". */
  get token() {
    return sync(this._h, "token");
  }

  /** The stored auth record, or null. */
  get record() {
    return sync(this._h, "record");
  }

  /** @deprecated Use record. */
  get model() {
    return this.record;
  }

  /** Whether the token is well formed and unexpired (a local check). */
  get isValid() {
    return sync(this._h, "isValid");
  }

  /** Whether the session is a superuser's. */
  get isSuperuser() {
    return sync(this._h, "isSuperuser");
  }

  /** @deprecated Use isSuperuser. */
  get isAdmin() {
    return this.isSuperuser;
  }

  /** @deprecated Use !isSuperuser && isValid. */
  get isAuthRecord() {
    return this.isValid && !this.isSuperuser;
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
    return clientCall(this.client, method, { collection: this.collectionIdOrName, ...args }, options, fn);
  }

  // -- records

  getList(page = 1, perPage = 30, options = {}) {
    return this._call("getList", { page, perPage }, options);
  }

  getFullList(batchOrOptions, options) {
    if (typeof batchOrOptions === "number") return this._call("getFullList", { batch: batchOrOptions }, options);
    const opts = batchOrOptions || {};
    return this._call("getFullList", { batch: opts.batch || 0 }, opts);
  }

  getFirstListItem(filter, options = {}) {
    return this._call("getFirstListItem", { filter }, options);
  }

  getOne(id, options = {}) {
    return this._call("getOne", { id }, options);
  }

  create(bodyParams = {}, options = {}) {
    if (typeof FormData !== "undefined" && bodyParams instanceof FormData) {
      return Promise.reject(new ClientResponseError({ message: "File uploads (FormData) are not supported by bosgo yet; send JSON.", code: "unsupported" }));
    }
    return this._call("create", { body: bodyParams }, options);
  }

  update(id, bodyParams = {}, options = {}) {
    if (typeof FormData !== "undefined" && bodyParams instanceof FormData) {
      return Promise.reject(new ClientResponseError({ message: "File uploads (FormData) are not supported by bosgo yet; send JSON.", code: "unsupported" }));
    }
    return this._call("update", { id, body: bodyParams }, options);
  }

  delete(id, options = {}) {
    return this._call("delete", { id }, options);
  }

  /**
   * subscribe calls callback({action, record}) for changes of the
   * collection's records: topic "*" or a record id. It resolves to an
   * async function that removes this subscription.
   */
  async subscribe(topic, callback, options = {}) {
    if (typeof callback !== "function") throw new ClientResponseError({ message: "subscribe needs a callback function." });
    const id = await this._call("subscribe", { topic }, options, callback);
    return () => call(this._h, "unsubscribeId", { id }).then(() => undefined);
  }

  /** unsubscribe removes the subscriptions of topic, or all of this collection's. */
  unsubscribe(topic) {
    return this._call("unsubscribe", { topic: topic || "" }, {}).then(() => undefined);
  }

  // -- auth

  listAuthMethods(options = {}) {
    return this._call("listAuthMethods", {}, options);
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

  authRefresh(options = {}) {
    return this._call("authRefresh", {}, options);
  }

  authWithOAuth2Code(provider, code, codeVerifier, redirectURL, createData = {}, options = {}) {
    return this._call("authWithOAuth2Code", { provider, code, codeVerifier, redirectURL, createData }, options);
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
      return this.authWithOAuth2Code(config, ...legacy);
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
    if (!p) throw new ClientResponseError({ message: `Missing or invalid provider "${provider}".`, code: "oauth2_unknown_provider" });
    const back = redirectURL || location.origin + location.pathname;
    const url = new URL(p.authURL + encodeURIComponent(back));
    if (scopes && scopes.length) url.searchParams.set("scope", scopes.join(" "));
    sessionStorage.setItem(REDIRECT_KEY, JSON.stringify({
      collection: this.collectionIdOrName, provider: p.name, state: p.state,
      codeVerifier: p.codeVerifier, redirectURL: back, createData: createData || null,
    }));
    location.assign(url.toString());
  }

  requestPasswordReset(email, options = {}) {
    return this._call("requestPasswordReset", { email }, options);
  }

  confirmPasswordReset(passwordResetToken, password, passwordConfirm, options = {}) {
    return this._call("confirmPasswordReset", { token: passwordResetToken, password, passwordConfirm }, options);
  }

  requestVerification(email, options = {}) {
    return this._call("requestVerification", { email }, options);
  }

  confirmVerification(verificationToken, options = {}) {
    return this._call("confirmVerification", { token: verificationToken }, options);
  }

  requestEmailChange(newEmail, options = {}) {
    return this._call("requestEmailChange", { newEmail }, options);
  }

  confirmEmailChange(emailChangeToken, password, options = {}) {
    return this._call("confirmEmailChange", { token: emailChangeToken, password }, options);
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

  /** authWithToken (BosBase) signs in with a bound custom token. */
  authWithToken(token, options = {}) {
    return this._call("authWithToken", { token }, options);
  }
}

// ---------------------------------------------------------------- realtime

/** RealtimeService is pb.realtime: any realtime topic. */
class RealtimeService {
  constructor(client) {
    this._client = client;
    this._h = client[HANDLE];
  }

  /** Whether the realtime connection is up. */
  get isConnected() {
    return sync(this._h, "realtimeState").isConnected;
  }

  /** The realtime client id, or "". */
  get clientId() {
    return sync(this._h, "realtimeState").clientId;
  }

  /** subscribe calls callback(data) for each message of topic; resolves to the unsubscribe function. */
  async subscribe(topic, callback, options = {}) {
    if (typeof callback !== "function") throw new ClientResponseError({ message: "subscribe needs a callback function." });
    const id = await clientCall(this._client, "realtimeSubscribe", { topic }, options, callback);
    return () => call(this._h, "unsubscribeId", { id }).then(() => undefined);
  }

  /** unsubscribe removes the subscriptions of topic, or all of them. */
  unsubscribe(topic) {
    return call(this._h, "realtimeUnsubscribe", { topic: topic || "" }).then(() => undefined);
  }
}

// ---------------------------------------------------------------- pub/sub

/** PubSubService is pb.pubsub: BosBase pub/sub over a WebSocket. */
class PubSubService {
  constructor(client) {
    this._client = client;
    this._h = client[HANDLE];
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
    if (typeof callback !== "function") throw new ClientResponseError({ message: "subscribe needs a callback function." });
    const id = await clientCall(this._client, "pubsubSubscribe", { topic }, options, callback);
    return () => call(this._h, "unsubscribeId", { id }).then(() => undefined);
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

export default load;
