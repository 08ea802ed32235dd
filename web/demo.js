// demo.js — the bosgo browser demo (index.html).
//
// A small sign-in page on bosbase.js: password, email code (OTP), the MFA
// second step, OAuth2 in a popup (with a full-page redirect as the fallback
// when popups are blocked), and a signed-in view. pb.authStore.onChange
// drives what is shown, so a sign-in or sign-out in another tab shows here
// too. Everything the server or the user typed is put on the page with
// textContent, never as HTML.
//
// Query parameters: ?store=local|session|memory picks where the session is
// kept (remembered in localStorage as "bosgo_demo_store"); ?api=URL talks to
// another server (it must allow this page's origin, see docs/browser.md).

import { load } from "./bosbase.js";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const API = params.get("api") || location.origin;
const COLLECTION = "users";
const STORE_PREF = "bosgo_demo_store";
// Tokens that expire after 2100 are BosBase's static tokens: "never".
const NEVER_AFTER = Date.UTC(2100, 0, 1) / 1000;

const STORES = {
  local: {
    label: "localStorage",
    hint: "localStorage: every tab of this site shares the session, and it survives a browser restart. Any script running on the page can read it.",
  },
  session: {
    label: "sessionStorage",
    hint: "sessionStorage: this tab only. It survives a reload and ends when the tab is closed. Scripts on the page can read it.",
  },
  memory: {
    label: "memory",
    hint: "Nothing is stored: a reload signs you out, and nothing is left for a script to read later.",
  },
};

/** The demo's state besides the auth store. */
const state = {
  BosBase: null,
  pb: null,
  stopListening: null,
  otp: null, // {email, otpId} while the OTP code form is shown
  mfa: null, // {mfaId, email, mode: "code"|"password", otpId} while the second step is shown
  progress: [], // every load progress report, for the curious (and the tests)
  expiryTimer: 0,
};

// Exposed for the browser console and the end-to-end tests.
window.bosgoDemo = {
  get pb() {
    return state.pb;
  },
  get progress() {
    return state.progress;
  },
};

// ---------------------------------------------------------------- start

async function start() {
  setView("loading");
  $("server").textContent = `Server: ${API}`;
  try {
    state.BosBase = await load({ onProgress: showProgress });
  } catch (err) {
    setView("load-failed");
    showError(err);
    return;
  }
  connect(chosenStore());
  wireUI();

  // Back from a full-page OAuth2 redirect? Finish that sign-in.
  try {
    const res = await state.pb.completeOAuth2Redirect();
    if (res) notify(`Signed in with ${providerName(res)}.`);
  } catch (err) {
    handleSignInError(err, { first: "oauth2" });
  }
  loadProviders();
}

function showProgress({ loaded, total }) {
  state.progress.push({ loaded, total });
  const bar = $("load-progress");
  if (total) {
    bar.max = total;
    bar.value = loaded;
    $("load-text").textContent = `Loading bosgo… ${mb(loaded)} of ${mb(total)}`;
  } else {
    bar.removeAttribute("value");
    $("load-text").textContent = `Loading bosgo… ${mb(loaded)}`;
  }
}

function mb(bytes) {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

// ---------------------------------------------------------------- the client

/** chosenStore is the store picked with ?store= or earlier on this site. */
function chosenStore() {
  const fromURL = params.get("store");
  if (fromURL in STORES) {
    rememberStore(fromURL);
    return fromURL;
  }
  let saved = null;
  try {
    saved = localStorage.getItem(STORE_PREF);
  } catch {
    // Storage is off (privacy settings, a sandboxed frame): use the default.
  }
  return saved in STORES ? saved : "local";
}

/** rememberStore keeps the choice for the next visit, when storage allows. */
function rememberStore(kind) {
  try {
    localStorage.setItem(STORE_PREF, kind);
  } catch {
    // Not remembered; the choice still applies to this page.
  }
}

/** connect (re)creates the client on a store and follows its changes. */
function connect(kind) {
  if (state.pb) {
    state.stopListening();
    state.pb.dispose();
  }
  state.pb = new state.BosBase(API, { authStore: kind });
  state.stopListening = state.pb.authStore.onChange(onAuthChange, true);
  for (const input of document.querySelectorAll('input[name="store"]')) input.checked = input.value === kind;
  $("store-hint").textContent = STORES[kind].hint;
}

function onAuthChange(_token, _record, change) {
  if (change.external) {
    if (change.kind === "signed-out") notify("You were signed out in another tab.");
    else if (change.kind === "signed-in") notify("You signed in in another tab.");
  }
  if (change.kind === "expired") notify("Your session expired: sign in again.");
  if (change.kind === "signed-in" || change.kind === "signed-out" || change.kind === "expired") {
    state.otp = null;
    state.mfa = null;
    clearError();
  }
  render();
}

// ---------------------------------------------------------------- views

function setView(name) {
  document.body.dataset.state = name;
  for (const v of document.querySelectorAll(".view")) v.hidden = v.id !== `view-${name}`;
}

/** render shows what the auth store and the flow in progress call for. */
function render() {
  const store = state.pb.authStore;
  clearInterval(state.expiryTimer);
  if (store.isValid && store.record) {
    renderSignedIn(store);
    setView("signed-in");
    // Keep "in 4 days 23 hours" current, and show the form once it expired.
    state.expiryTimer = setInterval(() => (store.isValid ? renderExpiry(store.token) : render()), 30_000);
  } else if (state.mfa) {
    renderMFA();
    setView("mfa");
  } else {
    renderSignedOut();
    setView("signed-out");
  }
}

function renderSignedOut() {
  $("otp-request-form").hidden = !!state.otp;
  $("otp-form").hidden = !state.otp;
  if (state.otp) {
    $("otp-sent").textContent =
      `We sent a code to ${state.otp.email}. Running the devserver? It prints the code on its console ` +
      `([mail] otp … code=…) and lists it at /api/dev/mails.`;
  }
}

function renderMFA() {
  const m = state.mfa;
  const byCode = m.mode === "code";
  $("mfa-code-fields").hidden = !byCode;
  $("mfa-password-fields").hidden = byCode;
  $("mfa-code").required = byCode;
  $("mfa-email").required = !byCode;
  $("mfa-password").required = !byCode;
  if (byCode) {
    $("mfa-text").textContent = m.otpId
      ? `Your account asks for a second step. Enter the code we sent to ${m.email} (on the devserver: its console, or /api/dev/mails).`
      : `Your account asks for a second step. Sending a code to ${m.email}…`;
  } else {
    $("mfa-text").textContent = "Your account asks for a second step. Confirm with your password.";
    if (m.email) $("mfa-email").value = m.email;
  }
}

function renderSignedIn(store) {
  const r = store.record;
  const name = r.name || r.username || r.email || r.id;
  $("avatar").textContent = initials(name);
  $("who-name").textContent = name;
  $("who-email").textContent = r.email || "";
  $("fact-id").textContent = r.id;
  $("fact-collection").textContent = r.collectionName || r.collectionId || "";
  $("fact-verified").textContent = r.verified ? "yes" : "no";
  renderExpiry(store.token);
  const where = STORES[store.kind] || { label: store.kind, hint: "" };
  let info = where.label + (store.storageKey ? ` (key ${store.storageKey})` : "");
  if (store.kind !== "memory" && !store.persistent) info += " — storage unavailable, kept in memory";
  $("store-info").textContent = info;
  $("store-info").title = where.hint;
  $("new-tab").hidden = store.kind !== "local";
  $("record-json").textContent = JSON.stringify(r, null, 2);
}

function renderExpiry(token) {
  $("token-expiry").textContent = describeExpiry(token);
}

/** describeExpiry says when a token expires: "never" for static tokens. */
function describeExpiry(token) {
  const claims = decodeClaims(token);
  if (!claims) return "unknown (not a JWT)";
  const refresh = claims.refreshable === false ? ", not refreshable" : "";
  if (typeof claims.exp !== "number" || claims.exp >= NEVER_AFTER) return `never (a static token${refresh})`;
  const at = new Date(claims.exp * 1000);
  return `${relativeTime(at)} (${at.toLocaleString()})${refresh}`;
}

/** decodeClaims reads a JWT's payload for display; it verifies nothing. */
function decodeClaims(token) {
  try {
    const part = token.split(".")[1];
    const json = atob(part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "="));
    const claims = JSON.parse(json);
    return claims && typeof claims === "object" ? claims : null;
  } catch {
    return null;
  }
}

function relativeTime(at) {
  const s = Math.round((at.getTime() - Date.now()) / 1000);
  const abs = Math.abs(s);
  const units = [["day", 86400], ["hour", 3600], ["minute", 60], ["second", 1]];
  const parts = [];
  let rest = abs;
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0 && parts.length < 2) {
      parts.push(`${n} ${unit}${n === 1 ? "" : "s"}`);
      rest -= n * size;
    }
  }
  const span = parts.join(" ") || "now";
  return s >= 0 ? `in ${span}` : `expired ${span} ago`;
}

function initials(name) {
  const words = String(name).replace(/@.*/, "").split(/[\s._-]+/).filter(Boolean);
  return (words.slice(0, 2).map((w) => w[0]).join("") || "?").toUpperCase();
}

// ---------------------------------------------------------------- messages

function notify(text) {
  $("notice").textContent = text;
  $("notice").hidden = false;
}

function clearNotice() {
  $("notice").hidden = true;
}

function clearError() {
  $("error").hidden = true;
  $("error").dataset.code = "";
  $("error-action").hidden = true;
  $("error-action").onclick = null;
}

/** showError puts a sentence for a human on the page (details go to the console). */
function showError(err, context = "") {
  console.warn("bosgo demo:", err);
  const { text, action } = explain(err, context);
  $("error-text").textContent = text;
  $("error").dataset.code = (err && (err.code || (err.status ? String(err.status) : ""))) || "";
  const btn = $("error-action");
  btn.hidden = !action;
  if (action) {
    btn.textContent = action.label;
    btn.onclick = () => {
      clearError();
      action.run();
    };
  }
  $("error").hidden = false;
  clearNotice();
}

/** explain turns an error into a sentence and maybe a way out. */
function explain(err, context) {
  const e = err || {};
  const status = e.status || 0;
  const serverMessage = (e.response && e.response.message) || "";
  switch (e.code) {
    case "popup_blocked":
      return {
        text: "Your browser blocked the sign-in window. Allow pop-ups for this site, or continue in this tab instead.",
        action: context.provider && {
          label: "Continue in this tab",
          run: () => signInWithRedirect(context.provider),
        },
      };
    case "popup_closed":
      return { text: "The sign-in window was closed before the sign-in finished." };
    case "timeout":
      return { text: "The sign-in took too long and was stopped. Please try again." };
    case "oauth2_cancelled":
      return { text: "The sign-in was cancelled at the provider." };
    case "oauth2_state_mismatch":
      return { text: "That sign-in could not be matched to this page. Please start again." };
    case "realtime_disconnected":
      return { text: "The connection to the server dropped during the sign-in. Please try again." };
    case "lock_timeout":
      return { text: "Another tab is busy refreshing the session. Please try again." };
    case "aborted":
      return { text: "The request was cancelled." };
    case "not_loaded":
    case "exited":
      return { text: "bosgo stopped working. Reload the page to start it again." };
    default:
  }
  if (status === 0) {
    if (/wasm|WebAssembly|Loading/i.test(e.message || "")) {
      return { text: `bosgo could not be loaded: ${e.message}` };
    }
    return { text: `The server at ${API} cannot be reached. Is it running? (go tool task dev)` };
  }
  if (status === 429) return { text: "Too many attempts. Wait a few seconds and try again." };
  if (status === 401 || status === 403) {
    if (context === "refresh") return { text: "Your session is no longer valid. Please sign in again." };
    return { text: "You are not allowed to do that." };
  }
  if (status === 400) {
    if (/MFA session/i.test(serverMessage)) return { text: "The second step took too long. Please sign in again." };
    if (context === "password") return { text: "Wrong email or password." };
    if (context === "otp" || context === "mfa-code") return { text: "That code is wrong or has expired." };
    if (context === "mfa-password") return { text: "Wrong email or password." };
    const fields = fieldErrors(e.response && e.response.data);
    if (fields) return { text: fields };
  }
  if (status === 404 && context.provider) return { text: "This server does not offer that sign-in method." };
  if (status >= 500) return { text: "The server had a problem. Please try again in a moment." };
  return { text: serverMessage || e.message || "Something went wrong." };
}

function fieldErrors(data) {
  if (!data || typeof data !== "object") return "";
  const parts = Object.entries(data)
    .filter(([, v]) => v && typeof v.message === "string")
    .map(([k, v]) => `${k[0].toUpperCase()}${k.slice(1)}: ${v.message}`);
  return parts.join(" ");
}

// ---------------------------------------------------------------- sign-in flows

/** busy disables a form's (or a button's) controls while a call runs. */
async function busy(el, fn) {
  const controls = el.matches("button") ? [el] : [...el.querySelectorAll("button, input")];
  for (const c of controls) c.disabled = true;
  try {
    return await fn();
  } finally {
    for (const c of controls) c.disabled = false;
  }
}

function users() {
  return state.pb.collection(COLLECTION);
}

/** handleSignInError starts the MFA step on a {mfaId} answer, or shows the error. */
function handleSignInError(err, { first, email, context }) {
  const mfaId = err && err.status === 401 && err.response && err.response.mfaId;
  if (mfaId) {
    startMFA({ mfaId, email, first });
    return;
  }
  showError(err, context || first);
}

async function signInWithPassword(ev) {
  ev.preventDefault();
  clearError();
  clearNotice();
  const email = $("pw-email").value.trim();
  const password = $("pw-password").value;
  await busy(ev.currentTarget, async () => {
    try {
      await users().authWithPassword(email, password);
      $("pw-password").value = "";
    } catch (err) {
      handleSignInError(err, { first: "password", email });
    }
  });
}

async function requestCode(ev) {
  ev.preventDefault();
  clearError();
  clearNotice();
  const email = $("otp-email").value.trim();
  await busy(ev.currentTarget, async () => {
    try {
      const { otpId } = await users().requestOTP(email);
      state.otp = { email, otpId };
      render();
      $("otp-code").value = "";
      $("otp-code").focus();
    } catch (err) {
      showError(err, "otp-request");
    }
  });
}

async function signInWithCode(ev) {
  ev.preventDefault();
  clearError();
  const { email, otpId } = state.otp;
  await busy(ev.currentTarget, async () => {
    try {
      await users().authWithOTP(otpId, $("otp-code").value.trim());
    } catch (err) {
      handleSignInError(err, { first: "otp", email, context: "otp" });
    }
  });
}

/** signInWithProvider runs in the click handler: the popup opens before any await. */
function signInWithProvider(provider, button) {
  clearError();
  clearNotice();
  const pending = users().authWithOAuth2({ provider: provider.name });
  busy(button, () => pending).then(
    () => notify(`Signed in with ${provider.displayName || provider.name}.`),
    (err) => handleSignInError(err, { first: "oauth2", context: { provider: provider.name } }),
  );
}

async function signInWithRedirect(provider) {
  try {
    await users().authWithOAuth2Redirect({ provider });
  } catch (err) {
    showError(err);
  }
}

/**
 * startMFA shows the second step after a {mfaId} answer. The second factor
 * must be another method: an emailed code after a password or OAuth2
 * sign-in (when the email is known), the password after a code.
 */
async function startMFA({ mfaId, email, first }) {
  const mode = first !== "otp" && email ? "code" : "password";
  state.mfa = { mfaId, email: email || "", mode, otpId: "" };
  state.otp = null;
  clearError();
  render();
  if (mode !== "code") return;
  try {
    const { otpId } = await users().requestOTP(email);
    if (state.mfa && state.mfa.mfaId === mfaId) {
      state.mfa.otpId = otpId;
      render();
      $("mfa-code").focus();
    }
  } catch (err) {
    showError(err, "otp-request");
  }
}

async function finishMFA(ev) {
  ev.preventDefault();
  clearError();
  const m = state.mfa;
  await busy(ev.currentTarget, async () => {
    const byCode = m.mode === "code";
    try {
      if (byCode) {
        if (!m.otpId) throw new Error("The code has not been sent yet.");
        await users().authWithOTP(m.otpId, $("mfa-code").value.trim(), { mfaId: m.mfaId });
      } else {
        await users().authWithPassword($("mfa-email").value.trim(), $("mfa-password").value, { mfaId: m.mfaId });
      }
    } catch (err) {
      showError(err, byCode ? "mfa-code" : "mfa-password");
    }
  });
}

async function loadProviders() {
  try {
    const methods = await users().listAuthMethods();
    const list = (methods.oauth2 && methods.oauth2.enabled && methods.oauth2.providers) || [];
    const box = $("provider-buttons");
    box.replaceChildren();
    for (const p of list) {
      const b = document.createElement("button");
      b.type = "button";
      b.id = `oauth2-${p.name}`;
      b.textContent = `Continue with ${p.displayName || p.name}`;
      b.addEventListener("click", () => signInWithProvider(p, b));
      box.append(b);
    }
    $("providers").hidden = list.length === 0;
    $("tab-otp").hidden = !(methods.otp && methods.otp.enabled);
    $("tab-password").hidden = !(methods.password && methods.password.enabled);
  } catch (err) {
    showError(err);
  }
}

function providerName(res) {
  return (res && res.meta && res.meta.provider) || "your provider";
}

// ---------------------------------------------------------------- wiring

function wireUI() {
  $("panel-password").addEventListener("submit", signInWithPassword);
  $("otp-request-form").addEventListener("submit", requestCode);
  $("otp-form").addEventListener("submit", signInWithCode);
  $("otp-restart").addEventListener("click", () => {
    state.otp = null;
    clearError();
    render();
  });
  $("mfa-form").addEventListener("submit", finishMFA);
  $("mfa-cancel").addEventListener("click", () => {
    state.mfa = null;
    clearError();
    render();
  });
  for (const tab of document.querySelectorAll(".tabs button")) {
    tab.addEventListener("click", () => selectTab(tab));
  }
  for (const input of document.querySelectorAll('input[name="store"]')) {
    input.addEventListener("change", () => {
      rememberStore(input.value);
      clearError();
      clearNotice();
      connect(input.value);
    });
  }
  $("logout").addEventListener("click", () => {
    state.pb.authStore.clear();
    notify("You are signed out.");
  });
  $("refresh").addEventListener("click", (ev) => {
    clearError();
    busy(ev.currentTarget, () => users().authRefresh()).then(
      () => notify("Session refreshed."),
      (err) => showError(err, "refresh"),
    );
  });
}

function selectTab(tab) {
  for (const t of document.querySelectorAll(".tabs button")) {
    const on = t === tab;
    t.setAttribute("aria-selected", String(on));
    $(t.dataset.panel).hidden = !on;
  }
  clearError();
}

$("load-retry").addEventListener("click", () => location.reload());
start();
