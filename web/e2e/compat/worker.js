// worker.js — runs in a dedicated module worker (no window, no
// localStorage): imports the SDK named by ?sdk= (workers do not see the
// page's import map), creates new Client("/") — a relative base URL,
// resolved against the worker's location as the JS SDK does — signs up and
// in, and posts the outcome.
const sdkURL = new URL(location.href).searchParams.get("sdk");
try {
  const { default: Client, BaseAuthStore } = await import(sdkURL);
  const pb = new Client("/");
  const email = `worker${Date.now()}${Math.floor(Math.random() * 1e6)}@example.com`;
  await pb.collection("users").create({ email, password: "secret12345", passwordConfirm: "secret12345" });
  const res = await pb.collection("users").authWithPassword(email, "secret12345");
  const memory = new Client("/", new BaseAuthStore());
  await memory.collection("users").authWithPassword(email, "secret12345");
  postMessage({ ok: true, email: res.record.email, want: email, valid: pb.authStore.isValid && memory.authStore.isValid });
} catch (e) {
  postMessage({ ok: false, error: String((e && e.message) || e) });
}
