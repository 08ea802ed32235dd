// bosgo sign-in UI: plain JS over the bound Go service
// window.go.authservice.Service (every method returns a Promise) and the
// Wails runtime events "auth:change" and "oauth2:link".
"use strict";

const $ = (id) => document.getElementById(id);
const svc = () => window.go.authservice.Service;

let state = null; // the last authservice.State
const ui = {
  methods: null,    // authservice.Methods of the connected collection
  methodsFor: "",   // "serverURL collection" the methods were loaded for
  loadingMethods: false,
  otpId: "",        // the pending one-time code
  mfa: null,        // {id, first: "password"|"otp", email}
  mfaOtpId: "",
  oauth: null,      // {provider, displayName} while this page waits for SignInWithOAuth2
  link: null,       // the last oauth2:link event of the running flow
  editServer: false, // the user chose "Use another server" on the unreachable screen
  avatarFor: "",    // "id avatar" the avatar was loaded for
  avatar: "",       // its data: URL, "" for none
};
let pending = 0;

// call runs a bound method with the busy indicator, and shows its error
// (the Go side returns sentences) in the error banner.
async function call(name, label, ...args) {
  pending++;
  showBusy(label);
  hideError();
  try {
    return await svc()[name](...args);
  } catch (err) {
    showError(err);
    throw err;
  } finally {
    pending--;
    showBusy(label);
  }
}

function showBusy(label) {
  $("busy").hidden = pending === 0;
  $("busy-text").textContent = label || "Working…";
  for (const b of document.querySelectorAll("main button")) {
    if (b.id !== "oauth-cancel" && b.id !== "copy-link") b.disabled = pending > 0;
  }
}

function showError(err) {
  const msg = typeof err === "string" ? err : (err && err.message) || String(err);
  $("error").textContent = msg;
  $("error").hidden = false;
}
function hideError() { $("error").hidden = true; }

function show(screen) {
  for (const s of document.querySelectorAll("main .screen")) s.hidden = s.id !== "screen-" + screen;
  document.body.dataset.screen = screen;
}

// render draws everything from state and ui.
function render() {
  if (!state) return show("starting");
  const st = state.storage;
  $("server-badge").textContent = state.serverURL ? `${state.serverURL} · ${state.collection}` : "";
  const pb = $("protection-badge");
  pb.textContent = !st.tier ? "not saved yet" :
    st.tier === "keyring" ? "encrypted · key in keyring" :
    st.tier === "passphrase" ? "encrypted · passphrase" : "not saved (memory only)";
  pb.className = "badge " + (st.tier === "keyring" || st.tier === "passphrase" ? "ok" : "warn");
  $("notice").textContent = st.notice || "";
  $("notice").hidden = !st.notice;

  if (st.locked) return show("locked");
  if (st.needsChoice) {
    $("storage-summary").textContent = st.summary;
    $("storage-problem").textContent = st.problem || "";
    return show("storage");
  }
  // An expired session: still saved (nothing has used it yet), or already
  // cleared by the client (state.expired), which must not look like a
  // plain sign-out.
  const gone = state.signedIn ? state.session : state.expired;
  if (gone && !gone.valid) {
    ui.oauth = null; ui.mfa = null;
    $("expired-email").textContent = gone.email || gone.id;
    $("expired-server").textContent = state.serverURL;
    $("expired-when").textContent = gone.expiresText;
    return show("expired");
  }
  if (state.signedIn && state.session) {
    ui.oauth = null; ui.mfa = null;
    renderSession(state.session, st);
    return show("signed-in");
  }
  if (ui.oauth || state.oauth2Busy) {
    renderOAuth();
    return show("oauth");
  }
  if (ui.mfa) {
    $("form-mfa-password").hidden = ui.mfa.first === "password";
    return show("mfa");
  }
  if (state.unreachable && !ui.editServer) {
    hideError(); // the screen itself says it
    $("unreachable-server").textContent = state.serverURL;
    return show("unreachable");
  }
  if (document.activeElement !== $("server-url")) $("server-url").value = state.serverURL;
  if (document.activeElement !== $("collection")) $("collection").value = state.collection;
  $("oauth-mode").value = state.oauth2Mode;
  renderMethods();
  show("signin");
}

function renderMethods() {
  const m = ui.methods;
  $("methods").hidden = !m;
  if (!m) return;
  $("form-password").hidden = !m.password;
  $("otp-card").hidden = !m.otp;
  $("form-otp").hidden = !ui.otpId;
  $("oauth-card").hidden = m.oauth2.length === 0;
  const box = $("oauth-buttons");
  box.replaceChildren();
  for (const p of m.oauth2) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "secondary provider";
    b.id = "oauth-" + p.name;
    b.textContent = p.displayName;
    b.addEventListener("click", () => signInOAuth2(p));
    box.append(b);
  }
}

function renderSession(s, st) {
  $("user-name").textContent = s.name || s.email || s.id;
  const initials = (s.name || s.email || "?").split(/[\s@.]+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join("");
  $("avatar-initials").textContent = initials;
  const key = s.id + " " + ((s.record && s.record.avatar) || "");
  if (ui.avatarFor !== key) {
    ui.avatarFor = key;
    ui.avatar = "";
    if (s.record && s.record.avatar) loadAvatar(key);
  }
  $("avatar").hidden = !ui.avatar;
  if (ui.avatar) $("avatar").src = ui.avatar;
  $("avatar-initials").hidden = !!ui.avatar;
  $("user-email").textContent = s.email || s.id;
  $("user-collection").textContent = s.collection;
  $("superuser-badge").hidden = !s.isSuperuser;
  $("expiry").textContent = s.expiresText + (s.valid ? "" : " (expired)");
  $("protection").textContent = st.summary;
  $("session-path").textContent = st.path || "not saved to disk";
  const table = $("record-fields");
  table.replaceChildren();
  for (const [k, v] of Object.entries(s.record || {})) {
    const tr = document.createElement("tr");
    const a = document.createElement("td");
    const b = document.createElement("td");
    a.textContent = k;
    b.textContent = typeof v === "object" ? JSON.stringify(v) : String(v);
    tr.append(a, b);
    table.append(tr);
  }
  $("impersonate-card").hidden = !s.isSuperuser;
}

function renderOAuth() {
  const o = ui.oauth || {};
  const l = ui.link || {};
  $("oauth-provider").textContent = o.displayName || l.provider || "the provider";
  $("oauth-link").value = l.url || "";
  $("oauth-link-box").hidden = !l.url;
  $("oauth-link-box").classList.toggle("failed", !!l.failed);
  $("oauth-link-reason").textContent = l.failed
    ? `${l.reason} Copy this link into a browser to continue:`
    : "Browser didn't open? Copy this link into your browser:";
}

// setState draws a new state. It is also how other windows of the app
// (the dev-mode browser and the real window share one Go service) learn
// about changes, so it reloads the sign-in methods when they are missing
// or stale instead of relying on the page that made the change.
function setState(s) {
  const wasBusy = state && state.oauth2Busy;
  state = s;
  if (!s.oauth2Busy && wasBusy && !ui.oauth) ui.link = null;
  render();
  const key = s.serverURL + " " + s.collection;
  if (!s.signedIn && s.storage.ready && s.serverURL && ui.methodsFor !== key && !ui.loadingMethods) loadMethods(key);
}

// loadMethods lists the sign-in methods of the current server and
// collection (from the state, not the form, which may be mid-edit).
async function loadMethods(key) {
  ui.loadingMethods = true;
  try {
    ui.methods = await call("Connect", "Connecting…", state.serverURL, state.collection);
    ui.methodsFor = key;
  } catch {
    ui.methods = null;
    ui.methodsFor = key; // do not retry in a loop; the Connect button retries
  } finally {
    ui.loadingMethods = false;
  }
  render();
}

// loadAvatar fetches the signed-in user's picture (a data: URL made in Go,
// so no file token reaches the page); on failure the initials stay.
async function loadAvatar(key) {
  try {
    const url = await svc().GetAvatar();
    if (ui.avatarFor !== key) return;
    ui.avatar = url || "";
    document.body.dataset.avatar = ui.avatar ? "1" : "0";
    render();
  } catch {
    document.body.dataset.avatar = "0";
  }
}

// --- actions -------------------------------------------------------------

// connect applies the server form (the Connect button).
async function connect() {
  try {
    ui.methods = await call("Connect", "Connecting…", $("server-url").value, $("collection").value);
    ui.otpId = "";
    ui.editServer = false;
    const s = await svc().GetState();
    ui.methodsFor = s.serverURL + " " + s.collection;
    setState(s);
  } catch { ui.methods = null; render(); }
}

async function afterSignIn(res, first, email) {
  if (res.status === "mfa-required") {
    ui.mfa = { id: res.mfaId, first, email };
    $("mfa-email").value = email.includes("@") ? email : "";
    $("form-mfa-otp").hidden = true;
  }
  setState(res.state);
}

async function signInPassword() {
  const identity = $("identity").value;
  try {
    const res = await call("SignInWithPassword", "Signing in…", identity, $("password").value, "");
    $("password").value = "";
    await afterSignIn(res, "password", identity);
  } catch {}
}

async function requestOTP() {
  try {
    const r = await call("RequestOTP", "Sending a code…", $("otp-email").value);
    ui.otpId = r.otpId;
    render();
    $("otp-code").focus();
  } catch {}
}

async function signInOTP() {
  try {
    const res = await call("SignInWithOTP", "Checking the code…", ui.otpId, $("otp-code").value, "");
    $("otp-code").value = "";
    ui.otpId = "";
    await afterSignIn(res, "otp", $("otp-email").value);
  } catch {}
}

async function mfaRequestOTP() {
  try {
    const r = await call("RequestOTP", "Sending a code…", $("mfa-email").value);
    ui.mfaOtpId = r.otpId;
    $("form-mfa-otp").hidden = false;
    $("mfa-code").focus();
  } catch {}
}

async function mfaOTP() {
  try {
    const res = await call("SignInWithOTP", "Checking the code…", ui.mfaOtpId, $("mfa-code").value, ui.mfa.id);
    $("mfa-code").value = "";
    setState(res.state);
  } catch {}
}

async function mfaPassword() {
  try {
    const res = await call("SignInWithPassword", "Signing in…", ui.mfa.email, $("mfa-password").value, ui.mfa.id);
    $("mfa-password").value = "";
    setState(res.state);
  } catch {}
}

// signInOAuth2 waits for the whole browser round trip, so it does not use
// the busy indicator: the OAuth2 screen with its Cancel button shows instead.
async function signInOAuth2(p) {
  hideError();
  ui.oauth = { provider: p.name, displayName: p.displayName };
  ui.link = null;
  render();
  try {
    const res = await svc().SignInWithOAuth2(p.name);
    ui.oauth = null;
    ui.link = null;
    await afterSignIn(res, "oauth2", "");
  } catch (err) {
    ui.oauth = null;
    ui.link = null;
    showError(err);
    render();
  }
}

async function copyLink() {
  const link = $("oauth-link").value;
  try {
    if (window.runtime && window.runtime.ClipboardSetText) await window.runtime.ClipboardSetText(link);
    else await navigator.clipboard.writeText(link);
    $("copy-link").textContent = "Copied";
  } catch {
    $("oauth-link").select(); // the user can press Ctrl+C
  }
}

async function impersonate() {
  try {
    const r = await call("Impersonate", "Impersonating…", $("imp-collection").value, $("imp-user").value,
      parseInt($("imp-minutes").value, 10) || 0);
    $("imp-email").textContent = r.user.email || r.user.id;
    $("imp-expiry").textContent = r.user.expiresText;
    $("imp-visible").textContent = r.visible >= 0 ? String(r.visible) : "no";
    const ul = $("imp-posts");
    ul.replaceChildren();
    for (const p of r.posts) {
      const li = document.createElement("li");
      li.textContent = p.title;
      if (!p.published) {
        const d = document.createElement("span");
        d.className = "draft";
        d.textContent = "draft";
        li.append(d);
      }
      ul.append(li);
    }
    if (r.posts.length === 0) ul.append(Object.assign(document.createElement("li"), { textContent: "(none)" }));
    $("imp-result").hidden = false;
  } catch {}
}

function onSubmit(id, fn) {
  $(id).addEventListener("submit", (e) => { e.preventDefault(); fn(); });
}
function onClick(id, fn) { $(id).addEventListener("click", fn); }

function wire() {
  onSubmit("form-server", connect);
  onSubmit("form-password", signInPassword);
  onSubmit("form-otp-request", requestOTP);
  onSubmit("form-otp", signInOTP);
  onSubmit("form-mfa-otp-request", mfaRequestOTP);
  onSubmit("form-mfa-otp", mfaOTP);
  onSubmit("form-mfa-password", mfaPassword);
  onSubmit("form-impersonate", impersonate);
  onSubmit("form-new-passphrase", async () => {
    if ($("new-passphrase").value !== $("new-passphrase2").value) return showError("The two passphrases differ.");
    try { setState(await call("UsePassphrase", "Protecting your session…", $("new-passphrase").value)); } catch {}
  });
  onSubmit("form-unlock", async () => {
    try { setState(await call("UsePassphrase", "Unlocking…", $("unlock-passphrase").value)); } catch {}
    $("unlock-passphrase").value = "";
  });
  onClick("retry-connect-btn", () => { ui.methodsFor = ""; loadMethods(state.serverURL + " " + state.collection); });
  onClick("change-server-btn", () => { ui.editServer = true; render(); $("server-url").focus(); });
  onClick("expired-btn", async () => {
    const gone = state.session || state.expired;
    const email = gone ? gone.email : "";
    try {
      setState(await call("SignOut", "Signing out…"));
      $("identity").value = email;
      $("otp-email").value = email;
    } catch {}
  });
  onClick("forget-btn", async () => { try { setState(await call("ForgetSavedSession", "Forgetting…")); } catch {} });
  onClick("memory-btn", async () => { try { setState(await call("UseMemoryOnly", "Saving your choice…")); } catch {} });
  onClick("retry-keyring-btn", async () => { try { setState(await call("RetryKeyring", "Trying the keyring…")); } catch {} });
  onClick("oauth-cancel", () => svc().CancelOAuth2());
  onClick("copy-link", copyLink);
  onClick("mfa-cancel", () => { ui.mfa = null; render(); });
  onClick("signout-btn", async () => {
    try { setState(await call("SignOut", "Signing out…")); $("imp-result").hidden = true; } catch {}
  });
  $("oauth-mode").addEventListener("change", async (e) => {
    try { setState(await call("SetOAuth2Mode", "Saving…", e.target.value)); } catch {}
  });

  window.runtime.EventsOn("auth:change", setState);
  window.runtime.EventsOn("oauth2:link", (l) => {
    const prev = ui.link || {};
    ui.link = { provider: l.provider, url: l.url, failed: l.browserFailed || !!prev.failed, reason: l.reason || prev.reason };
    $("copy-link").textContent = "Copy link";
    render();
  });
}

async function init() {
  wire();
  setState(await svc().GetState());
  document.body.dataset.ready = "1";
}

init().catch(showError);
