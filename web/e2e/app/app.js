// app.js — a small app written against the npm bosbase package's API (as
// in the BosBase JS SDK's README and the seeds): password, OTP, MFA and
// OAuth2 popup sign-in, a custom store subclass that re-renders the page,
// a beforeSend hook adding a header, a custom fetch, auto-cancelled
// searches, list/CRUD with filters, realtime and error handling. It runs
// unchanged on the JS SDK and on bosgo (see index.html).
import PocketBase, { LocalAuthStore } from "bosbase";

const $ = (id) => document.getElementById(id);

/** The seeds' "custom store that notifies the UI" pattern. */
class UIStore extends LocalAuthStore {
  save(token, record) {
    super.save(token, record);
    render();
  }

  clear() {
    super.clear();
    render();
  }
}

const pb = new PocketBase(location.origin, new UIStore("posts_app_auth"));

pb.beforeSend = (url, options) => {
  options.headers = Object.assign({}, options.headers, { "X-App": "posts-app" });
  return { url, options };
};

/** A custom fetch (as SSR frameworks pass one) that notes the app header. */
function trackingFetch(url, options) {
  $("x-app").textContent = options.headers["X-App"] || "";
  return fetch(url, options);
}

let mfa = null; // {mfaId, otpId} during the second step
let otpId = "";
let cancelled = 0;
let unsubscribe = null;

function render() {
  const state = mfa ? "mfa" : pb.authStore.isValid ? "signed-in" : "signed-out";
  document.body.dataset.state = state;
  for (const id of ["signed-out", "mfa", "signed-in"]) $(id).hidden = id !== state;
  $("who").textContent = pb.authStore.record?.email || "";
}

function showError(err) {
  if (err?.isAbort) return; // a cancelled request is no error
  const fields = Object.entries(err?.response?.data || {}).map(([k, v]) => `${k}: ${v.message}`);
  $("error").textContent = [err?.response?.message || err?.message || String(err), ...fields].join(" ");
}

async function run(fn) {
  $("error").textContent = "";
  try {
    await fn();
  } catch (err) {
    showError(err);
  }
  render();
}

async function afterSignIn() {
  mfa = null;
  unsubscribe = await pb.collection("posts").subscribe("*", (e) => {
    const li = document.createElement("li");
    li.textContent = `${e.action}:${e.record.title}`;
    $("feed").append(li);
  });
  await search("");
}

async function search(q) {
  try {
    const list = await pb.collection("posts").getList(1, 50, {
      filter: pb.filter("user = {:uid} && title ~ {:q}", { uid: pb.authStore.record.id, q }),
      sort: "title",
      fetch: trackingFetch,
    });
    $("posts").replaceChildren(...list.items.map((p) => {
      const li = document.createElement("li");
      li.textContent = p.title;
      li.dataset.id = p.id;
      return li;
    }));
  } catch (err) {
    if (err.isAbort) {
      $("cancelled").textContent = String(++cancelled);
      return;
    }
    throw err;
  }
}

$("pw-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const email = $("email").value;
  run(async () => {
    try {
      await pb.collection("users").authWithPassword(email, $("password").value);
    } catch (err) {
      if (err.status === 401 && err.response?.mfaId) {
        const otp = await pb.collection("users").requestOTP(email);
        mfa = { mfaId: err.response.mfaId, otpId: otp.otpId };
        return;
      }
      throw err;
    }
    await afterSignIn();
  });
});

$("mfa-submit").addEventListener("click", () => run(async () => {
  await pb.collection("users").authWithOTP(mfa.otpId, $("mfa-code").value, { mfaId: mfa.mfaId });
  await afterSignIn();
}));

$("otp-request").addEventListener("click", () => run(async () => {
  otpId = (await pb.collection("users").requestOTP($("otp-email").value)).otpId;
  $("otp-code").placeholder = "the emailed code"; // the code can be entered now
}));

$("otp-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  run(async () => {
    await pb.collection("users").authWithOTP(otpId, $("otp-code").value);
    await afterSignIn();
  });
});

$("oauth2").addEventListener("click", () => run(async () => {
  await pb.collection("users").authWithOAuth2({ provider: "oidc" });
  await afterSignIn();
}));

$("signout").addEventListener("click", () => run(async () => {
  await unsubscribe?.();
  unsubscribe = null;
  pb.authStore.clear();
  $("posts").replaceChildren();
  $("feed").replaceChildren();
}));

$("create").addEventListener("click", () => run(async () => {
  await pb.collection("posts").create({ title: $("title").value, user: pb.authStore.record.id });
  $("title").value = "";
  await search($("q").value);
}));

$("q").addEventListener("input", () => run(() => search($("q").value)));

/** Actions the end-to-end suite calls directly (what a user's edits would do). */
window.app = {
  search: (q) => run(() => search(q)),
  async rename(title, to) {
    const post = await pb.collection("posts").getFirstListItem(pb.filter("title = {:title}", { title }));
    await pb.collection("posts").update(post.id, { title: to });
  },
  async remove(title) {
    const post = await pb.collection("posts").getFirstListItem(pb.filter("title = {:title}", { title }));
    await pb.collection("posts").delete(post.id);
  },
};

if (pb.authStore.isValid) await afterSignIn().catch(showError);
render();
