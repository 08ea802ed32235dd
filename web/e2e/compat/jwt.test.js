// jwt.test.js — getTokenPayload and isTokenExpired as the JS SDK defines
// them: the payload without checking the signature ({} when not a token),
// and expired = undecodable, or exp - threshold not after now (no exp:
// never expires).
import { eq, jwt } from "./assert.js";

export default {
  async "getTokenPayload decodes the payload, UTF-8 included"({ getTokenPayload }) {
    eq(getTokenPayload(jwt({ id: "u1", name: "Zoë" })), { id: "u1", name: "Zoë" });
    eq(getTokenPayload("not-a-token"), {});
    eq(getTokenPayload(""), {});
  },
  async "isTokenExpired: exp, threshold, no exp, garbage"({ isTokenExpired }) {
    eq(isTokenExpired(jwt({}, 60)), false, "valid");
    eq(isTokenExpired(jwt({}, 60), 120), true, "within the threshold");
    eq(isTokenExpired(jwt({}, -1)), true, "expired");
    eq(isTokenExpired(jwt({ id: "x" })), false, "no exp");
    eq(isTokenExpired("garbage"), true, "not a token");
  },
};
