// types-check.ts uses every call of bosbase.d.ts so that `tsc --noEmit
// --strict` (go tool task wasm:types) checks the definitions. It is never
// run.
import load, { BosBase, ClientResponseError, PopupBlockedError, load as namedLoad } from "./bosbase.js";
import type { AuthRecord, ListResult, RecordAuthResponse, RecordModel, PubSubMessage } from "./bosbase.js";

interface Post extends RecordModel {
  title: string;
  published: boolean;
}

export async function check(): Promise<void> {
  const Ctor: typeof BosBase = await load({
    wasmURL: "/dist/bosbase.wasm",
    wasmExecURL: new URL("/dist/wasm_exec.js", "http://127.0.0.1"),
    onProgress: ({ loaded, total }) => console.log(loaded, total ?? "?"),
  });
  await namedLoad();
  const pb = new Ctor("http://127.0.0.1:8090", { authStore: "local", storageKey: "bosbase_auth", lang: "en-US", timeout: 30000, autoRefreshThreshold: 60000, lockWait: 5000 });
  const session = new BosBase("/", { authStore: "session" });
  const memory = new BosBase(undefined, { authStore: "memory" });
  const ownRealtime = new BosBase("/", { sharedRealtime: false });
  const shared: boolean = ownRealtime.realtime.isConnected;
  const ctrl = new AbortController();
  const signal = ctrl.signal;

  // auth store
  const s = pb.authStore;
  const token: string = s.token;
  const record: AuthRecord | null = s.record;
  const flags: boolean[] = [s.isValid, s.isSuperuser, s.isAdmin, s.isAuthRecord, s.persistent];
  const where: "local" | "session" | "memory" = s.kind;
  const key: string | null = s.storageKey;
  s.save(token, record);
  s.save(token);
  const off = s.onChange((tok, rec, change) => {
    console.log(tok, rec?.email, change.kind, change.external);
  }, true);
  off();
  s.clear();
  console.log(s.model, flags, where, key, pb.baseURL, pb.baseUrl, session.buildURL("/api/health"), memory.buildURL());

  // auth
  const users = pb.collection("users");
  const methods = await users.listAuthMethods({ signal });
  const providers: string[] = methods.oauth2.providers.map((p) => p.name);
  console.log(methods.password.identityFields, methods.mfa.enabled, methods.otp.duration, providers);
  try {
    const auth: RecordAuthResponse = await users.authWithPassword("demo@example.com", "secret123", { expand: "team", fields: "*", signal });
    console.log(auth.token, auth.record.email, auth.meta?.isNew);
  } catch (err) {
    if (err instanceof ClientResponseError && err.status === 401 && err.response.mfaId) {
      const otp = await users.requestOTP("mfa@example.com");
      await users.authWithOTP(otp.otpId, "12345678", { mfaId: err.response.mfaId as string });
    }
    if (err instanceof ClientResponseError) {
      console.log(err.url, err.data, err.isAbort, err.originalError, err.message, err.name, err.code, err.isPopupBlocked, err.toJSON());
    }
  }
  await users.authRefresh({ expand: "team" });
  await users.authWithOAuth2Code("oidc", "code", "verifier", "http://127.0.0.1:8090/api/oauth2-redirect", { name: "New" }, { signal });
  try {
    const o = await users.authWithOAuth2({ provider: "oidc", scopes: ["openid", "email"], createData: { name: "x" }, timeout: 120000, signal, detectPopupClose: true, popupCloseGrace: 400, query: { expand: "team" } });
    console.log(o.meta?.isNew);
    await users.authWithOAuth2({ provider: "oidc", urlCallback: async (url) => { window.open(url); } });
  } catch (err) {
    if (err instanceof PopupBlockedError) console.log(err.isPopupBlocked);
  }
  await users.authWithOAuth2Redirect({ provider: "oidc", scopes: ["openid"], createData: {}, redirectURL: location.href, signal });
  const back = await pb.completeOAuth2Redirect({ expand: "team" });
  console.log(back?.token);
  const flagsOK: boolean[] = [
    await users.requestPasswordReset("demo@example.com"),
    await users.confirmPasswordReset("token", "newpass123", "newpass123"),
    await users.requestVerification("demo@example.com"),
    await users.confirmVerification("token"),
    await users.requestEmailChange("new@example.com"),
    await users.confirmEmailChange("token", "secret123"),
    await users.bindToken("demo@example.com", "secret123", "custom-token"),
    await users.unbindToken("demo@example.com", "secret123", "custom-token"),
  ];
  await users.authWithToken("custom-token", { expand: "team" });
  const as: BosBase = await pb.collection("_superusers").impersonate("RECORD_ID", 3600, { signal });
  console.log(as.authStore.token, flagsOK, pb.admins.isSuperusers, users.collectionIdOrName, users.client === pb);

  // records
  const posts = pb.collection<Post>("posts");
  const filter = pb.filter("published = {:p} && created >= {:since} && title ~ {:q}", { p: true, since: new Date(), q: "it's" });
  const page: ListResult<Post> = await posts.getList(1, 20, { filter, sort: "-created", expand: "user", skipTotal: true, signal, query: { extra: 1 } });
  const all: Post[] = await posts.getFullList({ batch: 200, sort: "title" });
  const all2: Post[] = await posts.getFullList(100, { filter });
  const first: Post = await posts.getFirstListItem(filter, { expand: "user" });
  const one: Post = await posts.getOne(first.id, { fields: "id,title" });
  const created: Post = await posts.create({ title: "Hello", published: false });
  const updated: Post = await posts.update(created.id, { published: true }, { headers: { "X-Test": "1" } });
  const deleted: boolean = await posts.delete(updated.id);

  // files, uploads, count, links, health
  const form = new FormData();
  form.append("attachment", new Blob(["hi"]), "hi.txt");
  const withFile: Post = await posts.create(form, { signal });
  const avatarOwner = await pb.collection("users").update(withFile.id, { avatar: new File([new Blob()], "me.png"), "attachment+": [new Blob()] });
  const avatarURL: string = pb.files.getURL(avatarOwner, avatarOwner.avatar, { thumb: "100x100", download: false, token: await pb.files.getToken({ signal }) });
  const legacyURL: string = pb.files.getUrl(withFile, "a.txt");
  const count: number = await posts.getCount("published = true", { signal });
  const links = await pb.collection("users").listExternalAuths(avatarOwner.id, { fields: "provider" });
  const unlinked: boolean = await pb.collection("users").unlinkExternalAuth(avatarOwner.id, links[0].provider);
  const healthy = await pb.health.check({ signal });
  console.log(avatarURL, legacyURL, count, unlinked, healthy.code, healthy.message, healthy.data, links[0].providerId);
  console.log(page.items.length, page.totalItems, all.length, all2.length, one.title, deleted);
  const unsub = await posts.subscribe("*", (e) => console.log(e.action, e.record.title), { expand: "user", filter });
  await unsub();
  await posts.unsubscribe("*");
  await posts.unsubscribe();

  // realtime and pub/sub
  const rtUnsub = await pb.realtime.subscribe("posts/*", (data) => console.log(data));
  console.log(pb.realtime.isConnected, pb.realtime.clientId);
  await rtUnsub();
  await pb.realtime.unsubscribe();
  const psUnsub = await pb.pubsub.subscribe<{ text: string }>("chat", (m: PubSubMessage<{ text: string }>) => console.log(m.id, m.topic, m.data.text, m.created));
  const ack = await pb.pubsub.publish("chat", { text: "hi" }, { signal });
  console.log(ack.id, ack.topic, ack.created, pb.pubsub.isConnected);
  await psUnsub();
  await pb.pubsub.unsubscribe("chat");
  await pb.pubsub.disconnect();

  const health = await pb.send<{ message: string }>("/api/health", { method: "GET", query: { fields: "message" }, signal });
  console.log(health.message);
  const slow = posts.getList(1, 1, { requestKey: "list" });
  pb.autoCancellation(false).cancelRequest("list").cancelAllRequests();
  await slow.catch((err: ClientResponseError) => err.isAbort);
  const e = new ClientResponseError({ status: 400, message: "x" });
  console.log(e.status);
  pb.dispose();
}
