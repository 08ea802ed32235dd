// csp.js loads bosgo on a page with a strict Content Security Policy (set by
// the page's meta tag) and reports the outcome in window.cspResult.
import { load } from "/bosbase.js";

try {
  const BosBase = await load();
  window.pb = new BosBase(location.origin, { authStore: "memory" });
  window.cspResult = { loaded: true };
} catch (err) {
  window.cspResult = { loaded: false, code: err.code || "", message: err.message };
}
document.getElementById("out").textContent = JSON.stringify(window.cspResult);
