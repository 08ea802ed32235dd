// The browser files scenario (TestWeb/Files in Chromium, TestEngines/<engine>/Files
// in Firefox and WebKit): run(email, password) signs in as that user in a memory
// store and goes through uploads from a Blob built in the page, file URLs and
// tokens, getCount, health and linked accounts. It resolves to {steps, error}.
export async function run(email, password) {
  const steps = [];
  try {
    const { load } = await import("/bosbase.js");
    const BosBase = await load();
    const pb = new BosBase(location.origin, { authStore: "memory" });
    await pb.collection("users").authWithPassword(email, password);
    const bytesOf = async (blob) => Array.from(new Uint8Array(await blob.arrayBuffer()));
    const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

    const me = pb.authStore.record;
    const users = pb.collection("users"), posts = pb.collection("posts");

    // Avatar: a PNG drawn in the page, sent from a plain object.
    const canvas = document.createElement("canvas"); canvas.width = 120; canvas.height = 80;
    canvas.getContext("2d").fillRect(0, 0, 120, 80);
    const png = await new Promise((r) => canvas.toBlob(r, "image/png"));
    let rec = await users.update(me.id, { name: "Blob Avatar", avatar: new File([png], "me.png", { type: "image/png" }) });
    if (!rec.avatar || rec.name !== "Blob Avatar") throw new Error("avatar not set: " + JSON.stringify(rec));
    if (pb.authStore.record.avatar !== rec.avatar) throw new Error("the session record was not updated");
    const got = await (await fetch(pb.files.getURL(rec, rec.avatar))).blob();
    if (!same(await bytesOf(got), await bytesOf(png))) throw new Error("avatar bytes differ");
    const thumb = await fetch(pb.files.getURL(rec, rec.avatar, { thumb: "100x100", download: false }));
    if (thumb.status !== 200) throw new Error("thumb " + thumb.status);
    steps.push("avatar");

    // A refused file carries the field's reason.
    try {
      await users.update(me.id, { avatar: new Blob(["not an image"], { type: "text/plain" }) });
      throw new Error("a text avatar was accepted");
  } catch (err) {
    const d = err.response && err.response.data && err.response.data.avatar;
    if (err.status !== 400 || !d || d.code !== "validation_invalid_mime_type") throw new Error("refusal: " + JSON.stringify(err));
  }
  steps.push("refused");

  // A post from a FormData with a Blob built in the page.
  const form = new FormData();
  form.append("title", "browser attachments");
  form.append("user", me.id);
  form.append("attachment", new Blob(["first blob"], { type: "text/plain" }), "a.txt");
  let post = await posts.create(form);
  if (post.attachment.length !== 1 || post.title !== "browser attachments") throw new Error("create: " + JSON.stringify(post));
  post = await posts.update(post.id, { "attachment+": [new Blob(["second blob"]), new File(["third"], "c \"q\" é.txt")] });
  if (post.attachment.length !== 3) throw new Error("append: " + JSON.stringify(post.attachment));
  post = await posts.update(post.id, { "attachment-": [post.attachment[0]] });
  if (post.attachment.length !== 2) throw new Error("remove: " + JSON.stringify(post.attachment));
  steps.push("attachments");

  // Protected: 404 without a token, the bytes with one.
  const plain = await fetch(pb.files.getURL(post, post.attachment[0]));
  if (plain.status !== 404) throw new Error("protected without token: " + plain.status);
  const token = await pb.files.getToken();
  const texts = [];
  for (const name of post.attachment) texts.push(await (await fetch(pb.files.getURL(post, name, { token }))).text());
  if (texts.join(",") !== "second blob,third") throw new Error("protected with token: " + texts);
  steps.push("protected");

  const n = await posts.getCount(pb.filter("user = {:id} && title = 'browser attachments'", { id: me.id }));
  if (n !== 1) throw new Error("getCount " + n);
  const h = await pb.health.check();
  if (h.code !== 200) throw new Error("health " + JSON.stringify(h));
  steps.push("count+health");

  // Link through the mock OIDC provider (the page follows the provider's
  // redirects with a no-cors fetch), list, unlink.
  await users.authWithOAuth2({ provider: "oidc", urlCallback: (url) => fetch(url, { mode: "no-cors", credentials: "omit" }) });
  let links = await users.listExternalAuths(me.id);
  if (links.length !== 1 || links[0].provider !== "oidc") throw new Error("links: " + JSON.stringify(links));
  if ((await users.unlinkExternalAuth(me.id, "oidc")) !== true) throw new Error("unlink did not resolve to true");
  links = await users.listExternalAuths(me.id);
  if (links.length !== 0) throw new Error("links after unlink: " + JSON.stringify(links));
  steps.push("links");
  pb.dispose();
  } catch (err) {
    return { steps, error: String(err && err.message || err) + " " + JSON.stringify(err) };
  }
  return { steps, error: "" };
}
