// helpers.js — the BosBase JS SDK's exported helpers, written for bosgo
// (cookies, JWT payloads, query strings). Pure JavaScript: nothing here
// needs the WebAssembly module, so it costs the module no bytes.
// Re-exported by bosbase.js; see docs/browser.md "Switching from the JS SDK".

// ---------------------------------------------------------------- cookies

// Characters RFC 6265 allows in a cookie's name, value and attributes
// (visible ASCII, space, tab and Latin-1), as the JS SDK checks them.
const cookieText = /^[\t\u0020-\u007e\u0080-\u00ff]+$/;

/**
 * cookieParse reads a Cookie header ("a=1; b=2") into an object. The first
 * occurrence of a name wins; double-quoted values are unquoted; values
 * holding "%" are percent-decoded with options.decode (default
 * decodeURIComponent), kept raw when decoding fails. Anything but a string
 * gives {}.
 */
export function cookieParse(str, options = {}) {
  const out = {};
  if (typeof str !== "string") return out;
  const decode = (options && options.decode) || ((v) => (v.includes("%") ? decodeURIComponent(v) : v));
  let pos = 0;
  while (pos < str.length) {
    const eq = str.indexOf("=", pos);
    if (eq < 0) break;
    let end = str.indexOf(";", pos);
    if (end < 0) end = str.length;
    else if (end < eq) {
      // a pair without "=": skip to the ";" that precedes the next "="
      pos = str.lastIndexOf(";", eq - 1) + 1;
      continue;
    }
    const name = str.slice(pos, eq).trim();
    if (out[name] === undefined) {
      let value = str.slice(eq + 1, end).trim();
      if (value.startsWith('"')) value = value.slice(1, -1);
      try {
        out[name] = decode(value);
      } catch {
        out[name] = value;
      }
    }
    pos = end + 1;
  }
  return out;
}

/**
 * cookieSerialize renders a Set-Cookie value: name=encode(val) followed by
 * Max-Age, Domain, Path, Expires, HttpOnly, Secure, Priority and SameSite
 * (true means Strict) when set. Invalid names, values or attributes throw
 * a TypeError, as in the JS SDK.
 */
export function cookieSerialize(name, val, options = {}) {
  const o = { ...(options || {}) };
  const encode = o.encode || encodeURIComponent;
  if (!cookieText.test(name)) throw new TypeError("argument name is invalid");
  const value = encode(val);
  if (value && !cookieText.test(value)) throw new TypeError("argument val is invalid");
  let out = `${name}=${value}`;
  if (o.maxAge != null) {
    const n = Number(o.maxAge);
    if (!Number.isFinite(n)) throw new TypeError("option maxAge is invalid");
    out += `; Max-Age=${Math.floor(n)}`;
  }
  for (const [attr, label] of [["domain", "Domain"], ["path", "Path"]]) {
    if (!o[attr]) continue;
    if (!cookieText.test(o[attr])) throw new TypeError(`option ${attr} is invalid`);
    out += `; ${label}=${o[attr]}`;
  }
  if (o.expires) {
    const isDate = Object.prototype.toString.call(o.expires) === "[object Date]";
    if (!isDate || Number.isNaN(o.expires.valueOf())) throw new TypeError("option expires is invalid");
    out += `; Expires=${o.expires.toUTCString()}`;
  }
  if (o.httpOnly) out += "; HttpOnly";
  if (o.secure) out += "; Secure";
  if (o.priority) {
    const p = { low: "Low", medium: "Medium", high: "High" }[String(o.priority).toLowerCase()];
    if (!p) throw new TypeError("option priority is invalid");
    out += `; Priority=${p}`;
  }
  if (o.sameSite) {
    const s = o.sameSite === true ? "Strict" : { lax: "Lax", strict: "Strict", none: "None" }[String(o.sameSite).toLowerCase()];
    if (!s) throw new TypeError("option sameSite is invalid");
    out += `; SameSite=${s}`;
  }
  return out;
}

// ---------------------------------------------------------------- JWT

/**
 * getTokenPayload decodes a JWT's payload (no signature check); {} for
 * anything that is not a token with a JSON object payload.
 */
export function getTokenPayload(token) {
  if (!token || typeof token !== "string") return {};
  try {
    let part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    part += "===".slice((part.length + 3) % 4);
    const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
    const payload = JSON.parse(new TextDecoder().decode(bytes));
    return payload && typeof payload === "object" ? payload : {};
  } catch {
    return {};
  }
}

/**
 * isTokenExpired reports whether token is unusable: not decodable, or its
 * exp is within expirationThreshold seconds from now. A token without exp
 * never expires.
 */
export function isTokenExpired(token, expirationThreshold = 0) {
  const p = getTokenPayload(token);
  if (Object.keys(p).length === 0) return true;
  return !!p.exp && p.exp - expirationThreshold <= Date.now() / 1000;
}

// ---------------------------------------------------------------- query

// Send option keys that are never query parameters: the SDK's own and
// fetch's RequestInit members.
const sendOptionKeys = new Set([
  "requestKey", "$cancelKey", "$autoCancel", "fetch", "headers", "body", "query", "params",
  "cache", "credentials", "integrity", "keepalive", "method", "mode", "redirect",
  "referrer", "referrerPolicy", "signal", "window",
]);

/**
 * normalizeUnknownQueryParams moves, in place, every key of options that is
 * neither a send option nor a fetch option into options.query.
 */
export function normalizeUnknownQueryParams(options) {
  if (!options) return;
  options.query = options.query || {};
  for (const key of Object.keys(options)) {
    if (sendOptionKeys.has(key)) continue;
    options.query[key] = options[key];
    delete options[key];
  }
}

function queryValue(v) {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return encodeURIComponent(v.toISOString().replace("T", " "));
  if (typeof v === "object") return encodeURIComponent(JSON.stringify(v));
  return encodeURIComponent(v);
}

/**
 * serializeQueryParams renders params as a query string in their order:
 * arrays repeat the key, null and undefined are left out, Dates become
 * BosBase datetimes and other objects JSON.
 */
export function serializeQueryParams(params) {
  const parts = [];
  for (const key in params) {
    const values = Array.isArray(params[key]) ? params[key] : [params[key]];
    for (const v of values) {
      const s = queryValue(v);
      if (s !== null) parts.push(`${encodeURIComponent(key)}=${s}`);
    }
  }
  return parts.join("&");
}
