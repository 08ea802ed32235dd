// types-dropin.ts is written for the BosBase JS SDK's types (npm bosbase):
// `tsc --strict` compiles it against them (tsconfig.dropin-jssdk.json) and
// against bosgo's sdk.d.ts (tsconfig.dropin.json), where "bosbase" maps to
// one or the other — the import line is the same (go tool task
// wasm:types). It is never run.
import PocketBase, {
  AsyncAuthStore,
  BaseAuthStore,
  ClientResponseError,
  LocalAuthStore,
  cookieParse,
  cookieSerialize,
  getTokenPayload,
  isTokenExpired,
  normalizeUnknownQueryParams,
  serializeQueryParams,
} from "bosbase";
import type { ListResult, RecordAuthResponse, RecordModel, RecordSubscription } from "bosbase";

interface Post extends RecordModel {
  title: string;
  user: string;
}

class UIStore extends LocalAuthStore {
  save(token: string, record?: RecordModel | null): void {
    super.save(token, record);
    console.log("signed in as", record?.email);
  }

  clear(): void {
    super.clear();
    console.log("signed out");
  }
}

export async function app(): Promise<void> {
  const pb = new PocketBase("/", new UIStore("app_auth"), "en-US");
  const plain = new PocketBase();
  const memory = new PocketBase("http://127.0.0.1:8090", new BaseAuthStore());
  const later = new AsyncAuthStore({ save: async (s: string) => console.log(s.length), initial: "" });
  memory.authStore = later;

  pb.beforeSend = (url, options) => {
    options.headers = Object.assign({}, options.headers, { "X-App": "1" });
    return { url, options };
  };
  pb.afterSend = (response, data) => (response.status === 200 ? data : data);
  pb.lang = "de-DE";
  pb.autoCancellation(false);

  const off = pb.authStore.onChange((token, record) => console.log(token, record?.id), true);
  off();
  const valid: boolean = pb.authStore.isValid && !pb.authStore.isSuperuser;
  const cookie: string = pb.authStore.exportToCookie({ httpOnly: false });
  pb.authStore.loadFromCookie(cookie);

  try {
    const auth: RecordAuthResponse<RecordModel> = await pb.collection("users").authWithPassword("a@example.com", "pw");
    console.log(auth.token, auth.record.id, valid);
  } catch (err) {
    if (err instanceof ClientResponseError && err.status === 401 && err.response.mfaId) {
      const otp = await pb.collection("users").requestOTP("a@example.com");
      await pb.collection("users").authWithOTP(otp.otpId, "123456", { mfaId: err.response.mfaId });
    } else if (err instanceof ClientResponseError && !err.isAbort) {
      console.log(err.url, err.data, err.originalError);
    }
  }
  await pb.collection("users").authWithOAuth2({ provider: "oidc" });
  await pb.collection("users").authRefresh({ expand: "team" });
  await pb.collection("users").requestPasswordReset("a@example.com");

  const posts = pb.collection("posts");
  const list: ListResult<Post> = await posts.getList<Post>(1, 20, { filter: pb.filter("title ~ {:q}", { q: "x" }), sort: "-created", requestKey: "search" });
  const all: Post[] = await posts.getFullList<Post>({ batch: 100 });
  const one: Post = await posts.getOne<Post>(list.items[0].id, { expand: "user" });
  const first: Post = await posts.getFirstListItem<Post>(`user = "${one.user}"`, { requestKey: null });
  const created = await posts.create<Post>({ title: "hi", user: first.user });
  await posts.update<Post>(created.id, { title: "ho" });
  await posts.delete(created.id);
  pb.cancelRequest("search");
  pb.cancelAllRequests();

  const unsub = await posts.subscribe<Post>("*", (e: RecordSubscription<Post>) => console.log(e.action, e.record.title));
  await unsub();
  await pb.realtime.subscribe("posts/*", (e) => console.log(e), { expand: "user" });
  pb.realtime.onDisconnect = (subs) => console.log(subs.length);
  await pb.realtime.unsubscribeByPrefix("posts");
  await pb.realtime.unsubscribe();

  const payload = getTokenPayload(pb.authStore.token);
  console.log(payload.exp, isTokenExpired(pb.authStore.token, 60), cookieParse("a=1").a, cookieSerialize("a", "1", { sameSite: "lax" }));
  const opts: { [key: string]: any } = { expand: "x" };
  normalizeUnknownQueryParams(opts);
  console.log(serializeQueryParams({ a: 1 }), all.length, plain.baseURL, pb.buildURL("/api/health"));
}
