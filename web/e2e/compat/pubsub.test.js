// pubsub.test.js — pb.pubsub under the JS SDK's names (its PubSubService in
// the bosbase/js-sdk sources: publish, subscribe, realtimePublish with the
// envelope {event, payload, ref}, realtimeSubscribe delivering {topic,
// event, payload, ref, id, created}, unsubscribe, disconnect). The npm
// package (0.26.3, the newest published) has no pub/sub service, which the
// JS SDK run records.
import { eq, ok, until } from "./assert.js";

export default {
  async "publish, subscribe, realtimePublish, realtimeSubscribe"({ default: Client, BaseAuthStore }, { origin, jsSDK }) {
    const pb = new Client(origin, new BaseAuthStore());
    if (jsSDK) {
      ok(pb.pubsub === undefined, "npm bosbase 0.26.3 has no pb.pubsub");
      return;
    }
    const email = `ps${Date.now()}${Math.floor(Math.random() * 1e6)}@example.com`;
    await pb.collection("users").create({ email, password: "secret12345", passwordConfirm: "secret12345" });
    await pb.collection("users").authWithPassword(email, "secret12345");
    const topic = "compat-" + Math.random().toString(36).slice(2);
    const plain = [];
    const rt = [];
    const unsubPlain = await pb.pubsub.subscribe(topic, (m) => plain.push(m));
    const unsubRT = await pb.pubsub.realtimeSubscribe(topic, (m) => rt.push(m));
    const ack = await pb.pubsub.realtimePublish(topic, "join", { n: 1 }, "r1");
    eq(ack.topic, topic, "ack topic");
    ok(typeof ack.id === "string" && ack.id !== "", "ack id");
    await pb.pubsub.publish(topic, "plain");
    await until(() => rt.length === 2 && plain.length === 2, "both messages, both ways");
    eq([rt[0].topic, rt[0].event, rt[0].payload, rt[0].ref], [topic, "join", { n: 1 }, "r1"], "the envelope");
    eq([rt[1].event, rt[1].payload, rt[1].ref], ["", "plain", undefined], "no envelope");
    eq(plain[0].data, { event: "join", payload: { n: 1 }, ref: "r1" }, "subscribe sees the raw data");
    ok(rt[0].id === plain[0].id && !!rt[0].created, "id and created");
    await unsubRT();
    await unsubPlain();
    await pb.pubsub.disconnect();
  },
};
