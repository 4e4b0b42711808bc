// iparams hold API keys on real apps (FACTS.md: the FDK's own log prints them). Nothing that comes
// out of a handler (a log line, an error, a reason) reaches a report before it passes through here.

/** What replaces an iparams value. */
export const REDACTED = "[redacted iparam]";

/** Values shorter than this are too common to replace without mangling unrelated text. */
const MIN_LENGTH = 3;

/** Every string and number inside `iparams`, as it could appear in text: raw, JSON-escaped, and as util.inspect quotes it. */
function secretsOf(iparams: unknown): string[] {
  const found = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (value: unknown) => {
    if (typeof value === "string" || typeof value === "number" || typeof value === "bigint") {
      const text = String(value);
      if (text.length < MIN_LENGTH) return;
      found.add(text);
      found.add(JSON.stringify(text).slice(1, -1));
      found.add(text.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n"));
      return;
    }
    if (value === null || typeof value !== "object" || seen.has(value)) return;
    seen.add(value);
    for (const item of Object.values(value)) walk(item);
  };
  walk(iparams);
  // Longest first, so that a value containing another is replaced whole.
  return [...found].filter((s) => s.length >= MIN_LENGTH).sort((a, b) => b.length - a.length);
}

/** A function that removes every iparams value from a text. */
export type Redactor = (text: string) => string;

/**
 * A redactor for these iparams.
 * @example redactorFor({ api_key: "s3cr3t" })("key=s3cr3t") // "key=[redacted iparam]"
 */
export function redactorFor(iparams: unknown): Redactor {
  const secrets = secretsOf(iparams);
  if (secrets.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  };
}
