// stores.js — the BosBase JS SDK's auth store classes, written for bosgo:
// BaseAuthStore (memory), LocalAuthStore (localStorage) and AsyncAuthStore
// (your own async persistence). Any of them, a subclass, or any object of
// that shape can be passed as `new BosBase(url, store)`; bosgo's Go core then
// reads and writes the session through it (see bosbase.js, storePort).

import { cookieParse, cookieSerialize, getTokenPayload, isTokenExpired } from "./helpers.js";

const COOKIE_KEY = "pb_auth";
const SUPERUSERS_ID = "pbc_3142635823";

/**
 * BaseAuthStore keeps the session in memory and notifies onChange
 * listeners, as the JS SDK's. Subclasses override save/clear (calling
 * super) to persist or react.
 */
export class BaseAuthStore {
  constructor() {
    this.baseToken = "";
    this.baseModel = null;
    Object.defineProperty(this, "_callbacks", { value: [], writable: true });
  }

  get token() {
    return this.baseToken;
  }

  get record() {
    return this.baseModel;
  }

  /** @deprecated Use record. */
  get model() {
    return this.record;
  }

  /** Whether the token decodes and has not expired (a local check). */
  get isValid() {
    return !isTokenExpired(this.token);
  }

  /** Whether the token is an auth token of a _superusers record. */
  get isSuperuser() {
    const p = getTokenPayload(this.token);
    const name = this.record && this.record.collectionName;
    return p.type === "auth" && (name === "_superusers" || (!name && p.collectionId === SUPERUSERS_ID));
  }

  /** @deprecated Use isSuperuser. */
  get isAdmin() {
    return this.isSuperuser;
  }

  /** @deprecated Use !isSuperuser: an auth token that is not a superuser's. */
  get isAuthRecord() {
    return getTokenPayload(this.token).type === "auth" && !this.isSuperuser;
  }

  save(token, record) {
    this.baseToken = token || "";
    this.baseModel = record || null;
    this.triggerChange();
  }

  clear() {
    this.baseToken = "";
    this.baseModel = null;
    this.triggerChange();
  }

  /**
   * loadFromCookie saves the session found in cookie (a Cookie header)
   * under key (default "pb_auth"); a missing or malformed one clears.
   */
  loadFromCookie(cookie, key = COOKIE_KEY) {
    let data = {};
    try {
      data = JSON.parse(cookieParse(cookie || "")[key] || "");
    } catch {
      data = {};
    }
    if (!data || typeof data !== "object" || Array.isArray(data)) data = {};
    this.save(data.token || "", data.record || data.model || null);
  }

  /**
   * exportToCookie renders the session as a Set-Cookie value: Secure,
   * SameSite=Strict, HttpOnly, Path=/ and Expires at the token's exp
   * (1970 without one) unless options say otherwise. A cookie over 4096
   * bytes keeps only the record's id, email, collectionId, collectionName
   * and verified.
   */
  exportToCookie(options, key = COOKIE_KEY) {
    const exp = getTokenPayload(this.token).exp;
    const opts = {
      secure: true, sameSite: true, httpOnly: true, path: "/",
      expires: new Date(exp ? exp * 1000 : "1970-01-01"),
      ...(options || {}),
    };
    const record = this.record ? JSON.parse(JSON.stringify(this.record)) : null;
    const data = { token: this.token, record };
    let out = cookieSerialize(key, JSON.stringify(data), opts);
    const size = typeof Blob !== "undefined" ? new Blob([out]).size : out.length;
    if (record && size > 4096) {
      data.record = { id: record.id, email: record.email };
      for (const k of ["collectionId", "collectionName", "verified"]) {
        if (k in record) data.record[k] = record[k];
      }
      out = cookieSerialize(key, JSON.stringify(data), opts);
    }
    return out;
  }

  /**
   * onChange registers callback(token, record) for every save and clear
   * (at once too with fireImmediately) and returns its remover.
   */
  onChange(callback, fireImmediately = false) {
    this._callbacks.push(callback);
    if (fireImmediately) callback(this.token, this.record);
    return () => {
      const i = this._callbacks.lastIndexOf(callback);
      if (i >= 0) this._callbacks.splice(i, 1);
    };
  }

  triggerChange() {
    for (const cb of [...this._callbacks]) cb && cb(this.token, this.record);
  }
}

/**
 * LocalAuthStore keeps the session in localStorage under storageKey
 * (default "bosbase_auth", JSON {token, record}), in memory where there is
 * no localStorage (a worker), and follows other tabs' changes.
 */
export class LocalAuthStore extends BaseAuthStore {
  constructor(storageKey = "bosbase_auth") {
    super();
    Object.defineProperty(this, "_fallback", { value: {}, writable: true });
    this.storageKey = storageKey;
    const ls = storage();
    if (ls && typeof addEventListener === "function") {
      addEventListener("storage", (e) => {
        if (e.key !== this.storageKey) return;
        const d = this._read();
        super.save(d.token || "", d.record || d.model || null);
      });
    }
  }

  get token() {
    return this._read().token || "";
  }

  get record() {
    const d = this._read();
    return d.record || d.model || null;
  }

  get model() {
    return this.record;
  }

  save(token, record) {
    this._write({ token, record });
    super.save(token, record);
  }

  clear() {
    const ls = storage();
    if (ls) ls.removeItem(this.storageKey);
    delete this._fallback[this.storageKey];
    super.clear();
  }

  _read() {
    const ls = storage();
    if (!ls) return this._fallback[this.storageKey] || {};
    const raw = ls.getItem(this.storageKey) || "";
    try {
      return JSON.parse(raw) || {};
    } catch {
      return {};
    }
  }

  _write(value) {
    const ls = storage();
    if (ls) ls.setItem(this.storageKey, JSON.stringify(value));
    else this._fallback[this.storageKey] = value;
  }
}

function storage() {
  try {
    return typeof window !== "undefined" && window.localStorage ? window.localStorage : null;
  } catch {
    return null; // SecurityError in a sandboxed frame
  }
}

/**
 * AsyncAuthStore persists through your async functions: save(serialized)
 * after every change (JSON {token, record}), clear() (or save("")) on
 * sign-out, run one at a time in order. initial (a string or a promise of
 * a string or object) is loaded first.
 */
export class AsyncAuthStore extends BaseAuthStore {
  constructor(config) {
    super();
    const { save, clear, initial } = config || {};
    Object.defineProperties(this, {
      _saveFunc: { value: save },
      _clearFunc: { value: clear },
      _queue: { value: [] },
    });
    this._enqueue(async () => {
      try {
        const payload = await initial;
        if (!payload) return;
        const d = typeof payload === "string" ? JSON.parse(payload) || {} : payload;
        this.save(d.token || "", d.record || d.model || null);
      } catch {
        // a bad initial value leaves the store empty
      }
    });
  }

  save(token, record) {
    super.save(token, record);
    let value = "";
    try {
      value = JSON.stringify({ token, record });
    } catch {
      console.warn("AsyncAuthStore: failed to stringify the new state");
    }
    this._enqueue(() => this._saveFunc(value));
  }

  clear() {
    super.clear();
    this._enqueue(() => (this._clearFunc ? this._clearFunc() : this._saveFunc("")));
  }

  _enqueue(fn) {
    this._queue.push(fn);
    if (this._queue.length === 1) this._next();
  }

  _next() {
    if (!this._queue.length) return;
    Promise.resolve()
      .then(() => this._queue[0]())
      .catch(() => {})
      .finally(() => {
        this._queue.shift();
        this._next();
      });
  }
}
