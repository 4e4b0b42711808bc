import { describe, expect, it } from "vitest";
import { REDACTED, redactorFor } from "../src/index.js";

const KEY = "live-key-7d41c2e9";
const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

describe("redactorFor", () => {
  const redact = redactorFor({ api_key: KEY, domain: "acme.example.test", short: "ab" }, ["api_key"]);

  it.each([
    ["as it is", `key=${KEY}.`],
    ["JSON-escaped", JSON.stringify({ k: KEY })],
    ["URL-encoded", `?k=${encodeURIComponent(`${KEY}/+ &`)}`],
    ["form-encoded", new URLSearchParams({ k: `${KEY} x` }).toString()],
    ["hex", Buffer.from(KEY).toString("hex")],
    ["HEX", Buffer.from(KEY).toString("hex").toUpperCase()],
    ["base64 alone", b64(KEY)],
    ["base64url alone", b64(KEY).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")],
    ["Basic auth, user:key", `Authorization: Basic ${b64(`me@example.test:${KEY}`)}`],
    ["Basic auth, key:X (Freshdesk's form)", `Basic ${b64(`${KEY}:X`)}`],
    ["Basic auth, one-letter user", `Basic ${b64(`u:${KEY}`)}`],
    ["Basic auth, two-letter user", `Basic ${b64(`us:${KEY}`)}`],
  ])("hides a value %s", (_form, text) => {
    const out = redact(text);
    expect(out).toContain(REDACTED);
    for (const form of [KEY, b64(KEY), Buffer.from(KEY).toString("hex")]) expect(out).not.toContain(form);
    // Nothing left that decodes back to the key.
    for (const run of out.match(/[A-Za-z0-9+/_-]{8,}={0,2}/g) ?? []) expect(Buffer.from(run, "base64").toString("latin1")).not.toContain(KEY.slice(2, 10));
  });

  it("hides a non-secure value too, but leaves short non-secure values and unrelated text alone", () => {
    expect(redact("host acme.example.test")).toBe(`host ${REDACTED}`);
    expect(redact("about ab, call 12345, Basic dXNlcjpwYXNz")).toBe("about ab, call 12345, Basic dXNlcjpwYXNz");
  });

  it("hides a short value that config/iparams.json marks secure", () => {
    expect(redactorFor({ pin: "42" }, ["pin"])("pin 42")).toBe(`pin ${REDACTED}`);
  });

  it("never re-redacts its own marker: a one-character secure value, applied twice or over an earlier marker", () => {
    const short = redactorFor({ pin: "e", api_key: KEY }, ["pin"]);
    const once = short(`pin e, key ${KEY}`);
    expect(once).toBe(`pin ${REDACTED}, k${REDACTED}y ${REDACTED}`);
    expect(short(once)).toBe(once);
    expect(short(redact(`key ${KEY}`))).toBe(`k${REDACTED}y ${REDACTED}`);
  });
});
