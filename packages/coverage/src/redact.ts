// iparams hold API keys on real apps (docs/decisions/0017-iparams-are-redacted.md: the FDK's own log prints them). Nothing that comes
// out of a handler (a log line, an error, a reason) reaches a report before it passes through here.
// Every iparams value is hidden, secure or not (a report has no need for any of them, and a secret
// is sometimes kept in a field not marked secure), in the forms an app sends it on: as it is,
// JSON- and inspect-escaped, URL-encoded, hex, and base64 (alone, or inside a longer base64 text
// such as Basic auth's `user:key`).

/** What replaces an iparams value. */
export const REDACTED = "[redacted iparam]";

/** Values shorter than this are too common to replace without mangling unrelated text, unless config/iparams.json marks them secure. */
const MIN_LENGTH = 3;

/** The characters of a base64 or base64url text. */
const BASE64_CHAR = "[A-Za-z0-9+/_-]";

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const toUrlSafe = (base64: string) => base64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/**
 * The parts of `base64(prefix + value + suffix)` that depend on the value alone, for each of the
 * three alignments it can have: whatever comes before and after it (a user name and ":" in
 * Basic auth), one of these appears in the encoded text.
 */
function base64Cores(value: string): string[] {
  const bytes = Buffer.from(value, "utf8");
  const cores: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString("base64");
    const end = (shift + bytes.length) % 3 === 0 ? encoded.length : encoded.length - 4;
    const core = encoded.slice(shift === 0 ? 0 : 4, end);
    if (core.length >= 4) cores.push(core, toUrlSafe(core));
  }
  return cores;
}

/** Every string and number inside `iparams`, with whether it may be short (marked secure). */
function valuesOf(iparams: unknown, secureKeys: ReadonlySet<string>): Array<{ text: string; secure: boolean }> {
  const found: Array<{ text: string; secure: boolean }> = [];
  const seen = new Set<unknown>();
  const walk = (value: unknown, secure: boolean) => {
    if (typeof value === "string" || typeof value === "number" || typeof value === "bigint") {
      found.push({ text: String(value), secure });
      return;
    }
    if (value === null || typeof value !== "object" || seen.has(value)) return;
    seen.add(value);
    for (const [key, item] of Object.entries(value)) walk(item, secure || secureKeys.has(key));
  };
  walk(iparams, false);
  return found;
}

/** A function that removes every iparams value from a text. */
export type Redactor = (text: string) => string;

/**
 * A redactor for these iparams; `secureKeys` (from config/iparams.json) are hidden however short.
 * @example redactorFor({ api_key: "s3cr3t" })("key=s3cr3t") // "key=[redacted iparam]"
 */
export function redactorFor(iparams: unknown, secureKeys: Iterable<string> = []): Redactor {
  const literal = new Set<string>();
  const cores = new Set<string>();
  for (const { text, secure } of valuesOf(iparams, new Set(secureKeys))) {
    if (text.length === 0 || (!secure && text.length < MIN_LENGTH)) continue;
    literal.add(text);
    literal.add(JSON.stringify(text).slice(1, -1));
    literal.add(text.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n"));
    literal.add(encodeURIComponent(text));
    // Encoded forms of short values would match digits and words of unrelated text.
    if (!secure && text.length < 6) continue;
    literal.add(new URLSearchParams({ v: text }).toString().slice(2));
    const hex = Buffer.from(text, "utf8").toString("hex");
    literal.add(hex);
    literal.add(hex.toUpperCase());
    const base64 = Buffer.from(text, "utf8").toString("base64");
    literal.add(base64);
    literal.add(toUrlSafe(base64));
    for (const core of base64Cores(text)) cores.add(core);
  }
  // Longest first, so that a value containing another is replaced whole.
  const literals = [...literal].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  if (literals.length === 0) return (text) => text;
  const sortedCores = [...cores].sort((a, b) => b.length - a.length);
  // A value inside a longer base64 text: the whole base64 run goes, so no part of it can be decoded.
  const encodedRun = sortedCores.length ? `${BASE64_CHAR}*(?:${sortedCores.map(escapeRegExp).join("|")})${BASE64_CHAR}*=*` : undefined;
  // One pass over one pattern: a marker already in the text (redacted by another redactor, or
  // earlier) matches first and stays as it is, so a short secret never mangles "[redacted iparam]".
  const pattern = new RegExp([`(${escapeRegExp(REDACTED)})`, ...(encodedRun ? [encodedRun] : []), ...literals.map(escapeRegExp)].join("|"), "g");
  const mayHold = (text: string) => literals.some((secret) => text.includes(secret)) || sortedCores.some((core) => text.includes(core));
  return (text) => (mayHold(text) ? text.replace(pattern, (_match, marker: string | undefined) => marker ?? REDACTED) : text);
}
