// run.js runs every compatibility test file against the SDK "bosbase"
// resolves to and leaves the results in window.compatResults:
// [{file, name, ok, error}]. Each test is (sdk, t) => Promise; sdk is the
// module, t.jsSDK says which SDK runs (bosgo-only extensions check it).
import * as sdk from "bosbase";

const files = ["client", "stores", "cookie", "jwt", "cancellation", "overloads", "errors", "realtime", "pubsub", "worker"];
const jsSDK = new URLSearchParams(location.search).get("sdk") === "js";
const results = [];
window.compatResults = results;
// A test that never settles fails after this long instead of stalling the
// run (a bound on a hang, not a clock the tests rely on).
const hang = (ms) => new Promise((_, reject) => setTimeout(() => reject(new Error(`no result after ${ms} ms`)), ms));
for (const file of files) {
  const { default: tests } = await import(`./${file}.test.js`);
  for (const [name, fn] of Object.entries(tests)) {
    try {
      await Promise.race([fn(sdk, { jsSDK, origin: location.origin }), hang(15000)]);
      results.push({ file, name, ok: true, error: "" });
    } catch (e) {
      results.push({ file, name, ok: false, error: String((e && e.stack) || e) });
    }
  }
}
window.compatDone = true;
