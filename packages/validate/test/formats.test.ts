// src/formats.ts has fast paths for `date-time` and `uri` and hands everything else to
// ajv-formats' full formats. These tests show that isDateTime / isUri accept and reject exactly
// the strings ajv-formats does: on a hand-written corpus, and on strings fast-check builds from
// date-time and URI pieces and then corrupts.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { DATE_TIME_PATTERN, isDateTime, isUri } from "@fwcall/validate";

/** A string with up to `maxEdits` characters replaced, inserted or deleted. */
const corrupt = (base: fc.Arbitrary<string>, alphabet: readonly string[], maxEdits: number) =>
  fc
    .tuple(base, fc.array(fc.tuple(fc.constantFrom("replace", "insert", "delete"), fc.nat(), fc.constantFrom(...alphabet)), { maxLength: maxEdits }))
    .map(([value, edits]) =>
      edits.reduce((s, [kind, at, c]) => {
        const i = s.length ? at % (s.length + (kind === "insert" ? 1 : 0)) : 0;
        if (kind === "insert") return s.slice(0, i) + c + s.slice(i);
        if (kind === "delete") return s.slice(0, i) + s.slice(i + 1);
        return s.slice(0, i) + c + s.slice(i + 1);
      }, value),
    );

type Check = (value: string) => boolean;
const referenceDateTime = (fullFormats["date-time"] as { validate: Check }).validate;
const referenceUri = fullFormats.uri as Check;

/** The strings on which the two checks disagree, with what each said. */
function disagreements(strings: readonly string[], ours: Check, reference: Check) {
  return strings
    .map((value) => ({ value: value.length > 120 ? `${value.slice(0, 120)}… (${value.length} chars)` : value, ours: ours(value), reference: reference(value) }))
    .filter((row) => row.ours !== row.reference);
}

/** Fails with the string when the two checks disagree on it (for fast-check properties). */
function sameVerdict(value: string, ours: Check, reference: Check, name: string): void {
  const mine = ours(value);
  const theirs = reference(value);
  if (mine !== theirs) throw new Error(`${name}(${JSON.stringify(value)}) is ${mine}, ajv-formats says ${theirs}`);
}

// ---------------------------------------------------------------------------------------------
// date-time

const VALID_DATE_TIMES = [
  // the shapes real payloads have
  "2024-03-05T10:15:30.000Z",
  "2024-03-05T10:15:30Z",
  "2024-03-05T07:15:30.000-03:00",
  "2024-03-05T15:45:30+05:30",
  "2024-03-05T10:15:30-00:00",
  "2024-03-05T10:15:30+23:59",
  "2024-03-05T10:15:30.1Z",
  "2024-03-05T10:15:30.123456789Z",
  "2024-03-05T10:15:30.000000000000000000001Z",
  // leap years
  "2024-02-29T00:00:00Z",
  "2000-02-29T00:00:00Z",
  "1904-02-29T12:00:00Z",
  "1900-02-28T23:59:59Z",
  "2023-02-28T23:59:59Z",
  "0000-02-29T00:00:00Z",
  "9999-12-31T23:59:59.999Z",
  "2024-01-31T00:00:00Z",
  "2024-04-30T00:00:00Z",
  // leap seconds: 23:59:60 in UTC, also written with an offset
  "2016-12-31T23:59:60Z",
  "2016-12-31T23:59:60.5Z",
  "2016-12-31T20:59:60-03:00",
  "2017-01-01T05:29:60+05:30",
  "2016-12-31T23:59:60+00:00",
  "2024-03-05T23:59:60Z",
  // spellings ajv-formats also accepts
  "2024-03-05t10:15:30z",
  "2024-03-05T10:15:30z",
  "2024-03-05t10:15:30Z",
  "2024-03-05 10:15:30Z",
  "2024-03-05T10:15:30+0300",
  "2024-03-05T10:15:30+03",
  "2024-03-05T10:15:30-03",
  "2024-03-05T10:15:30." + "7".repeat(10_000) + "Z",
];

const INVALID_DATE_TIMES = [
  // calendar
  "1900-02-29T00:00:00Z",
  "2023-02-29T00:00:00Z",
  "2100-02-29T00:00:00Z",
  "2024-02-30T00:00:00Z",
  "2024-00-05T10:15:30Z",
  "2024-13-05T10:15:30Z",
  "2024-03-00T10:15:30Z",
  "2024-03-32T10:15:30Z",
  "2024-04-31T10:15:30Z",
  // clock
  "2024-03-05T24:00:00Z",
  "2024-03-05T23:60:00Z",
  "2024-03-05T23:59:61Z",
  "2024-03-05T10:15:60Z",
  "2016-12-31T23:59:60+01:00",
  "2016-12-31T23:59:60-03:00",
  "2024-03-05T10:15Z",
  "2024-03-05T1:15:30Z",
  // zones
  "2024-03-05T10:15:30",
  "2024-03-05T10:15:30.000",
  "2024-03-05T10:15:30+24:00",
  "2024-03-05T10:15:30+03:60",
  "2024-03-05T10:15:30+3:00",
  "2024-03-05T10:15:30+03:0",
  "2024-03-05T10:15:30+030",
  "2024-03-05T10:15:30 Z",
  "2024-03-05T10:15:30ZZ",
  "2024-03-05T10:15:30UTC",
  // fractions, separators, extra characters
  "2024-03-05T10:15:30.Z",
  "2024-03-05T10:15:30,5Z",
  "2024-03-05T10:15:30.5.5Z",
  "2024-03-05TT10:15:30Z",
  "2024-03-05_10:15:30Z",
  "2024-03-0510:15:30Z",
  " 2024-03-05T10:15:30Z",
  "2024-03-05T10:15:30Z ",
  "2024-03-05T10:15:30Zjunk",
  "x2024-03-05T10:15:30Z",
  "2024-03-05T10:15:30Z\n",
  // dates and fields of the wrong width
  "2024-03-05",
  "10:15:30Z",
  "2024-3-5T10:15:30Z",
  "24-03-05T10:15:30Z",
  "+2024-03-05T10:15:30Z",
  "02024-03-05T10:15:30Z",
  "２０２４-03-05T10:15:30Z",
  // a non-digit inside the year
  "20x4-03-05T10:15:30Z",
  "202X-03-05T10:15:30.000Z",
  "20 4-03-05T10:15:30Z",
  "2T24-03-05T10:15:30Z",
  "20-4-03-05T10:15:30Z",
  "20:4-03-05T10:15:30+05:30",
  "2.24-03-05T10:15:30Z",
  // a non-digit in the other fields
  "2024-0x-05T10:15:30Z",
  "2024-03-0xT10:15:30Z",
  "2024-03-05T1x:15:30Z",
  "2024-03-05T10:1x:30Z",
  "2024-03-05T10:15:3xZ",
  "2024-03-05T10:15:30+0x:00",
  // very long and empty
  "2024-03-05T10:15:30." + "7".repeat(10_000) + "x",
  "2024-03-05T10:15:30Z".repeat(1000),
  "x".repeat(100_000),
  "",
];

describe("isDateTime agrees with ajv-formats' date-time", () => {
  it("the corpus is what it says: ajv-formats accepts the valid half and rejects the other", () => {
    expect(VALID_DATE_TIMES.filter((s) => !referenceDateTime(s))).toEqual([]);
    expect(INVALID_DATE_TIMES.filter((s) => referenceDateTime(s))).toEqual([]);
  });

  it("on every string of the hand-written corpus", () => {
    expect(disagreements([...VALID_DATE_TIMES, ...INVALID_DATE_TIMES], isDateTime, referenceDateTime)).toEqual([]);
  });

  // DATE_TIME_PATTERN is also @fwcall/pact's date-time matcher, which JS (with "u") and Rust run.
  it("DATE_TIME_PATTERN admits every valid date-time in both JS regex modes, and has no \\d, \\w or \\b (Unicode-wide in Rust)", () => {
    for (const flags of ["", "u"]) expect(VALID_DATE_TIMES.filter((s) => !new RegExp(DATE_TIME_PATTERN, flags).test(s))).toEqual([]);
    expect(DATE_TIME_PATTERN).not.toMatch(/\\[dDwWbB]/);
  });

  const two = (min: number, max: number) => fc.integer({ min, max }).map((n) => String(n).padStart(2, "0"));
  const year = fc.oneof(
    fc.constantFrom("1900", "2000", "2023", "2024", "2100", "0000", "9999"),
    fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, "0")),
  );
  const zone = fc.oneof(
    fc.constantFrom("Z", "z", "", "+00:00", "-00:00", "+24:00", "UTC", " Z"),
    fc
      .tuple(fc.constantFrom("+", "-"), two(0, 25), fc.constantFrom(":", ""), two(0, 61))
      .map(([sign, h, colon, m]) => `${sign}${h}${colon}${m}`),
    fc.tuple(fc.constantFrom("+", "-"), two(0, 25)).map(([sign, h]) => `${sign}${h}`),
  );
  const fraction = fc.oneof(
    fc.constant(""),
    fc.constant("."),
    fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 1, maxLength: 12 }).map((d) => `.${d}`),
  );
  /** Date-time-shaped strings, many valid, many just out of range. */
  const dateTimeLike = fc
    .tuple(year, two(0, 13), two(0, 32), fc.constantFrom("T", "t", " ", "_", "x", "TT"), two(0, 25), two(0, 61), two(0, 61), fraction, zone)
    .map(([y, mo, d, sep, h, mi, s, f, z]) => `${y}-${mo}-${d}${sep}${h}:${mi}:${s}${f}${z}`);
  const DATE_ALPHABET = [..."0123456789-:.+TtZz x/_\u0660\uff10"];

  it("on date-time-shaped strings built from pieces (valid and out of range)", () => {
    fc.assert(
      fc.property(dateTimeLike, (s) => sameVerdict(s, isDateTime, referenceDateTime, "isDateTime")),
      { numRuns: 10_000 },
    );
  });

  it("on those strings with up to three characters replaced, inserted or deleted", () => {
    fc.assert(
      fc.property(corrupt(dateTimeLike, DATE_ALPHABET, 3), (s) => sameVerdict(s, isDateTime, referenceDateTime, "isDateTime")),
      { numRuns: 10_000 },
    );
  });

  it("on canonical date-times (every day 0000–9999, Z or offset) with one character replaced", () => {
    const canonical = fc
      .tuple(fc.date({ min: new Date("0000-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }), zone)
      .map(([date, z]) => `${date.toISOString().slice(0, 23)}${z}`);
    fc.assert(
      fc.property(canonical, fc.nat(), fc.constantFrom(...DATE_ALPHABET), (s, at, c) => {
        sameVerdict(s, isDateTime, referenceDateTime, "isDateTime");
        const i = at % s.length;
        sameVerdict(s.slice(0, i) + c + s.slice(i + 1), isDateTime, referenceDateTime, "isDateTime");
      }),
      { numRuns: 10_000 },
    );
  });

  it("on arbitrary strings over the date-time alphabet", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...DATE_ALPHABET), maxLength: 45 }), (s) =>
        sameVerdict(s, isDateTime, referenceDateTime, "isDateTime"),
      ),
      { numRuns: 10_000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// uri

const VALID_URIS = [
  // the shapes real payloads have
  "https://acme.freshcaller.com",
  "https://acme.freshcaller.com/",
  "https://acme.myfreshworks.com/crm/sales",
  "https://sample.freshcaller.com/api/v1/recordings/22001",
  "http://localhost:10001/web/test",
  "https://acme.freshcaller.com:8443/api/v1/calls?page=2&per_page=50",
  "https://acme.freshcaller.com/api/v1/calls?by_time[from]=x".replace("[", "%5B").replace("]", "%5D"),
  "https://a.b/c?d=e/f?g",
  "https://a.b/c#top",
  "https://a.b/c?d#e/f?g",
  "https://a.b/!$&'()*+,;=:@-._~",
  // percent-escapes, ports, userinfo, IP hosts
  "https://a.b/%20%2f%2F",
  "https://a.b:/",
  "https://a.b:0",
  "https://user:pa%20ss@a.b/p",
  "https://user@a.b",
  "http://192.168.0.1/",
  "http://255.255.255.255:80/",
  "http://999.1.1.1/",
  "http://[::1]:8080/",
  "http://[2001:db8::7]/c=GB?objectClass?one",
  "http://[v1.fe]/",
  // other schemes
  "mailto:John.Doe@example.com",
  "urn:oasis:names:specification:docbook:dtd:xml:4.1.2",
  "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
  "tel:+1-816-555-1212",
  "ftp://ftp.is.co.za/rfc/rfc1808.txt",
  "file:///etc/hosts",
  "news:comp.infosystems.www.servers.unix",
  "a+b.c-d:x",
  // upper case, empty host
  "HTTPS://ACME.FRESHCALLER.COM/API",
  "Http://Acme.Com",
  "http://",
  "http:///path",
  "https://?q",
  "https://a.b/" + "x".repeat(100_000),
  // ajv-formats quirks: "//" may also read as "/" + an empty authority + a path, so these pass
  "http://a:b/",
  "http://a:80x/",
  "http://a.b:8080:90/",
  "http://a@b@c/",
];

const INVALID_URIS = [
  // relative references
  "//acme.freshcaller.com/path",
  "/api/v1/calls",
  "api/v1/calls",
  "acme.freshcaller.com",
  "?q=1",
  "#frag",
  "",
  // bad scheme
  "1http://a.b",
  "ht tp://a.b",
  "://a.b",
  "-http://a.b",
  // spaces, bad escapes, characters outside URIs
  "https://a b.com",
  "https://a.b/c d",
  "https://a.b/c\td",
  " https://a.b",
  "https://a.b ",
  "https://a.b/%zz",
  "https://a.b/%2",
  "https://a.b/%",
  "https://a%2.b/",
  "https://a.b/<x>",
  'https://a.b/"x"',
  "https://a.b/{x}",
  "https://a.b/a|b",
  "https://a.b/a\\b",
  "https://a.b/a^b",
  "https://a.b/a`b",
  "https://a.b#x#y",
  "https://a.b/[x]",
  // non-ASCII
  "https://acmé.com/",
  "https://a.b/ünïcode",
  "https://a.b/\u00a0",
  "https://例え.jp/",
  // broken hosts and ports
  "http://[::1",
  "http://[::1]x/",
  "http://[zz::1]/",
  // schemes with nothing after them
  "mailto:",
  "urn:",
];

describe("isUri agrees with ajv-formats' uri", () => {
  it("the corpus is what it says: ajv-formats accepts the valid half and rejects the other", () => {
    expect(VALID_URIS.filter((s) => !referenceUri(s))).toEqual([]);
    expect(INVALID_URIS.filter((s) => referenceUri(s))).toEqual([]);
  });

  it("on every string of the hand-written corpus", () => {
    expect(disagreements([...VALID_URIS, ...INVALID_URIS], isUri, referenceUri)).toEqual([]);
  });

  const URI_ALPHABET = [
    ..."abcxyzABCXYZ0189",
    ..."-._~!$&'()*+,;=:@/?#%[]",
    ..." \t\"<>\\^`{|}",
    "é",
    "ü",
    "\u00a0",
    "例",
  ];
  const HOST_ALPHABET = [..."abcz019-.", ..."_~!$&'()*+,;=%", ":", "@", "[", "]", " ", "é"];
  const chars = (alphabet: readonly string[], maxLength: number) => fc.string({ unit: fc.constantFrom(...alphabet), maxLength });

  const scheme = fc.constantFrom("http", "https", "HTTP", "Https", "ftp", "mailto", "urn", "tel", "h", "a+b.c-d", "1a", "", "ht tp");
  const host = fc.oneof(
    fc.constantFrom("acme.freshcaller.com", "localhost", "a", "", "192.168.0.1", "[::1]", "[2001:db8::7]", "[v1.fe]", "[::1", "999.999.999.999"),
    chars(HOST_ALPHABET, 12),
  );
  const port = fc.oneof(fc.constant(""), fc.constant(":"), fc.nat({ max: 70_000 }).map((n) => `:${n}`), chars([..."0123x:"], 4).map((p) => `:${p}`));
  const escape = fc.oneof(fc.constantFrom("%20", "%2F", "%2f", "%zz", "%2", "%", "%%41"));
  const segment = fc.oneof(chars([..."abcXYZ019-._~!$&'()*+,;=:@"], 8), escape, chars(URI_ALPHABET, 6));
  const path = fc.array(segment, { maxLength: 4 }).map((segments) => segments.map((s) => `/${s}`).join(""));
  const suffix = fc.tuple(fc.option(chars(URI_ALPHABET, 10), { nil: undefined }), fc.option(chars(URI_ALPHABET, 10), { nil: undefined })).map(
    ([query, fragment]) => `${query === undefined ? "" : `?${query}`}${fragment === undefined ? "" : `#${fragment}`}`,
  );
  const userinfo = fc.oneof(fc.constant(""), chars([..."abc:%20@"], 6).map((u) => `${u}@`));
  /** URI-shaped strings: hierarchical ones with authority, and scheme:path ones. */
  const uriLike = fc.oneof(
    fc
      .tuple(scheme, fc.constantFrom("://", ":/", "//", ":", ":///"), userinfo, host, port, path, suffix)
      .map(([sc, sep, ui, h, p, pa, sf]) => `${sc}${sep}${ui}${h}${p}${pa}${sf}`),
    fc.tuple(scheme, fc.constant(":"), chars(URI_ALPHABET, 20)).map(([sc, sep, rest]) => `${sc}${sep}${rest}`),
    // the plain http(s) shape the fast path takes, with an arbitrary tail
    fc
      .tuple(fc.constantFrom("http://", "https://"), chars([..."abcz019-."], 10), port, chars(URI_ALPHABET, 16))
      .map(([sc, h, p, tail]) => `${sc}${h}${p}${tail}`),
  );
  const corruptUri = corrupt(uriLike, URI_ALPHABET, 2);

  it("on URI-shaped strings built from pieces", () => {
    fc.assert(
      fc.property(uriLike, (s) => sameVerdict(s, isUri, referenceUri, "isUri")),
      { numRuns: 10_000 },
    );
  });

  it("on those strings with up to two characters replaced, inserted or deleted", () => {
    fc.assert(
      fc.property(corruptUri, (s) => sameVerdict(s, isUri, referenceUri, "isUri")),
      { numRuns: 10_000 },
    );
  });

  it("on fast-check's own web URLs, with one character replaced", () => {
    const urls = fc.webUrl({ withQueryParameters: true, withFragments: true, validSchemes: ["http", "https", "ftp"] });
    fc.assert(
      fc.property(urls, fc.nat(), fc.constantFrom(...URI_ALPHABET), (s, at, c) => {
        sameVerdict(s, isUri, referenceUri, "isUri");
        const i = at % s.length;
        sameVerdict(s.slice(0, i) + c + s.slice(i + 1), isUri, referenceUri, "isUri");
      }),
      { numRuns: 2_000 },
    );
  });

  it("on arbitrary strings over the URI alphabet, with and without an http(s) prefix", () => {
    fc.assert(
      fc.property(fc.constantFrom("", "http://", "https://", "x:"), chars(URI_ALPHABET, 30), (prefix, s) =>
        sameVerdict(prefix + s, isUri, referenceUri, "isUri"),
      ),
      { numRuns: 10_000 },
    );
  });
});
