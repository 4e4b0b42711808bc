// Variants of a clean JSON Lines line for the soundness test of the WebAssembly line scanner
// (src/fast-lines.ts). Each variant stresses one reason the scanner must answer "unsure", or one
// spelling it must read exactly as JSON.parse and the validators do: duplicate and unknown keys at
// every level, missing keys, undocumented enum values, odd number and string spellings, times and
// URLs at the edges of their formats, whitespace anywhere, broken create invariants and changes
// tuples, hostile event names, deep nesting, truncation, stray bytes and over-long values. Whether
// a variant is clean is never decided here: the test asks the exact path for every one of them.
import fc from "fast-check";

/** One variant of a line: what it stresses, and its bytes (one line, without its `\n`). */
export interface LineMutant {
  label: string;
  bytes: Uint8Array;
}

/** What to generate beyond the per-line variants: the costly families, for a few lines only. */
interface MutantOptions {
  /** Every prefix of the line (else every 13th), 1,000 and 1,001 participants, 100,000 levels of nesting. */
  heavy?: boolean;
}

// A JSON text as a tree whose leaves and keys keep their spelling, so that a variant can write a
// key twice, spell a number or a key its own way, or put whitespace anywhere.
type JsonNode = RawNode | ObjectNode | ArrayNode;
interface RawNode {
  kind: "raw";
  /** The value's JSON text, as written (any text: a deep array, a number spelled 1e0). */
  text: string;
}
interface Member {
  /** The key's JSON text, quotes and escapes included. */
  key: string;
  value: JsonNode;
}
interface ObjectNode {
  kind: "object";
  members: Member[];
}
interface ArrayNode {
  kind: "array";
  items: JsonNode[];
}
type Step = string | number;
type Path = readonly Step[];
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const raw = (text: string): RawNode => ({ kind: "raw", text });

function toNode(value: unknown): JsonNode {
  if (Array.isArray(value)) return { kind: "array", items: value.map(toNode) };
  if (value !== null && typeof value === "object") {
    return { kind: "object", members: Object.entries(value).map(([key, v]) => ({ key: JSON.stringify(key), value: toNode(v) })) };
  }
  return raw(JSON.stringify(value));
}

/** Where whitespace can go: just inside brackets, around colons and commas. */
type Slot = "open" | "close" | "before-colon" | "after-colon" | "before-comma" | "after-comma";
/** The whitespace for one slot of the container at `pointer` (a JSON Pointer). */
type Spacing = (slot: Slot, pointer: string) => string;
const compact: Spacing = () => "";

const pointerStep = (step: Step) => `/${String(step).replace(/~/g, "~0").replace(/\//g, "~1")}`;
const pointerOf = (path: Path) => path.map(pointerStep).join("");

/** The tree as JSON text; recursion is fine: deep values are raw text, never nodes. */
function write(node: JsonNode, spacing: Spacing = compact, pointer = ""): string {
  if (node.kind === "raw") return node.text;
  const parts: string[] = [];
  const entries: Array<[string | null, JsonNode, Step]> =
    node.kind === "array" ? node.items.map((item, i) => [null, item, i]) : node.members.map((m) => [m.key, m.value, keyOf(m.key)]);
  parts.push(node.kind === "array" ? "[" : "{");
  if (entries.length > 0) parts.push(spacing("open", pointer));
  entries.forEach(([key, value, step], i) => {
    if (i > 0) parts.push(spacing("before-comma", pointer), ",", spacing("after-comma", pointer));
    if (key !== null) parts.push(key, spacing("before-colon", pointer), ":", spacing("after-colon", pointer));
    parts.push(write(value, spacing, pointer + pointerStep(step)));
  });
  if (entries.length > 0) parts.push(spacing("close", pointer));
  parts.push(node.kind === "array" ? "]" : "}");
  return parts.join("");
}

/** A key's name from its JSON text (escapes decoded). */
function keyOf(keyText: string): string {
  try {
    return JSON.parse(keyText) as string;
  } catch {
    return keyText;
  }
}

/** The node at a path (an object's last member of that name, as JSON.parse keeps), or undefined. */
function nodeAt(root: JsonNode, path: Path): JsonNode | undefined {
  let node: JsonNode | undefined = root;
  for (const step of path) {
    if (node === undefined) return undefined;
    if (node.kind === "object" && typeof step === "string") node = node.members.findLast((m) => keyOf(m.key) === step)?.value;
    else if (node.kind === "array" && typeof step === "number") node = node.items[step];
    else return undefined;
  }
  return node;
}

/** Every path to an object in the value, the root first. */
function objectPaths(value: Json, path: Step[] = [], out: Step[][] = []): Step[][] {
  if (Array.isArray(value)) value.forEach((item, i) => objectPaths(item, [...path, i], out));
  else if (value !== null && typeof value === "object") {
    out.push(path);
    for (const [key, v] of Object.entries(value)) objectPaths(v, [...path, key], out);
  }
  return out;
}

/** Every path to a leaf (null, boolean, number, string) with its value. */
function leafPaths(value: Json, path: Step[] = [], out: Array<[Step[], Json]> = []): Array<[Step[], Json]> {
  if (Array.isArray(value)) value.forEach((item, i) => leafPaths(item, [...path, i], out));
  else if (value !== null && typeof value === "object") for (const [key, v] of Object.entries(value)) leafPaths(v, [...path, key], out);
  else out.push([path, value]);
  return out;
}

const get = (value: Json, path: Path): Json | undefined => {
  let v: Json | undefined = value;
  for (const step of path) v = v !== null && typeof v === "object" ? (v as Record<string, Json>)[step as string] : undefined;
  return v;
};
const isObject = (v: Json | undefined): v is { [key: string]: Json } => v !== null && typeof v === "object" && !Array.isArray(v);

/** A string's JSON text with its first character written as a \u escape. */
function escapeFirst(s: string): string {
  if (s.length === 0) return '""';
  return `"\\u${s.charCodeAt(0).toString(16).padStart(4, "0")}${JSON.stringify(s).slice(2)}`;
}
/** A string's JSON text with every character written as a \u escape. */
const escapeAll = (s: string) => `"${[...s].map((c) => (c.length === 1 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}` : JSON.stringify(c).slice(1, -1))).join("")}"`;

const encoder = new TextEncoder();
const utf8 = (text: string) => encoder.encode(text);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

// ---------------------------------------------------------------------------------------------
// Values by field name: written at every place the field appears (call, legs, tuples, envelope).

/** Spellings of a time string: offsets, case, separators, fractions, leap seconds, impossible dates. */
function timeSpellings(t: string): string[] {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?Z$/.exec(t);
  if (!m) return [];
  const [, y, mo, d, h, mi, s, frac = ""] = m;
  const date = `${y}-${mo}-${d}`;
  const time = `${h}:${mi}:${s}`;
  return [
    `${date}T${time}${frac}+05:30`,
    `${date}T${time}${frac}+00:00`,
    `${date}T${time}${frac}-03:00`,
    `${date}T${time}${frac}z`,
    `${date}t${time}${frac}Z`,
    `${date} ${time}${frac}Z`,
    `${date}T${time}Z`,
    `${date}T${time}.123456789Z`,
    `${date}T${time}.Z`,
    `${date}T${h}:${mi}:60${frac}Z`,
    `${date}T23:59:60${frac}Z`,
    `${date}T24:00:00${frac}Z`,
    `${date}T${h}:60:${s}${frac}Z`,
    `${y}-02-30T${time}${frac}Z`,
    `2023-02-29T${time}${frac}Z`,
    `2024-02-29T${time}${frac}Z`,
    `${y}-13-${d}T${time}${frac}Z`,
    `${y}-${mo}-00T${time}${frac}Z`,
    `${y}-04-31T${time}${frac}Z`,
    `${Number(y)}-${Number(mo)}-${Number(d)}T${time}${frac}Z`,
    `+0${date}T${time}${frac}Z`,
    `${date}T${time}${frac}`,
    `${date}T${time}${frac}Z `,
    ` ${date}T${time}${frac}Z`,
    `${date}T${time}${frac}+05:30Z`,
    `${date}T${time}${frac}Zulu`,
    `${date}T${time}${frac}${"0".repeat(60)}Z`,
    `${date}T${time},000Z`,
    `${date}T${time}${frac}\u00a0Z`,
    `${date}T${time}${frac}\uff3a`,
  ];
}

/** JSON texts of a time string's spellings, plus escaped forms of the same time. */
function timeTexts(t: string): string[] {
  const texts = timeSpellings(t).map((s) => JSON.stringify(s));
  if (texts.length === 0) return texts;
  return [...texts, JSON.stringify(t).replace("T", "\\u0054"), JSON.stringify(t).replace("Z", "\\u005a"), JSON.stringify(t).replace("Z", "\\u005A"), escapeAll(t)];
}

const LONG_URL = `https://acme.freshcaller.com/${"a".repeat(2048 - 29)}`;
/** URLs that are not plain http(s), or are at the edges of the uri format. */
const URL_TEXTS = [
  "ftp://acme.freshcaller.com/recording/1",
  "javascript:alert(1)",
  "mailto:agent@acme.example",
  "urn:isbn:0451450523",
  "https://acme.freshcaller.com/a b",
  "https://acme.freshcaller.com/\u00e4",
  "https://acme.freshcaller.com/%zz",
  "https://acme.freshcaller.com/%41",
  "https://acme.freshcaller.com/#fragment",
  "https://acme.freshcaller.com/?q=1&r=\"2\"",
  "https://acme.freshcaller.com/\\",
  "https://acme.freshcaller.com:99999/",
  "https://user:pass@acme.freshcaller.com/",
  "https://[::1]/recording",
  "https://[::1/recording",
  "https://",
  "https:",
  "https:/acme.freshcaller.com",
  "http://a",
  "HTTPS://ACME.FRESHCALLER.COM/",
  "/api/v1/recordings/1",
  "acme.freshcaller.com",
  "",
  " https://acme.freshcaller.com/",
  "https://acme.freshcaller.com/\u0000",
  LONG_URL,
  `${LONG_URL}a`,
].map((u) => JSON.stringify(u));

/** A URL's JSON text with every "/" written "\/", and other escaped spellings of the same URL. */
const urlEscapes = (u: string) => [JSON.stringify(u).replace(/\//g, "\\/"), escapeFirst(u), escapeAll(u)];

const repeatText = (unit: string, n: number) => JSON.stringify(unit.repeat(n));
const repeatEscaped = (escape: string, n: number) => `"${escape.repeat(n)}"`;
/** Strings at and past a maxLength of n: ASCII, two-byte, astral (two UTF-16 units each), escaped. */
const aroundLength = (n: number) => [
  repeatText("5", n),
  repeatText("5", n + 1),
  repeatText("\u00e9", n),
  repeatText("\u00e9", n + 1),
  repeatText("\u{1F600}", Math.ceil(n / 2) + 1),
  repeatText("\u{1F600}", n),
  repeatText("\u{1F600}", n + 1),
  repeatEscaped("\\u0041", n),
  repeatEscaped("\\u0041", n + 1),
  repeatEscaped("\\ud83d\\ude00", n),
  repeatEscaped("\\ud83d\\ude00", n + 1),
];

const NUMBER_ODDITIES = ["-1", "-0", "-0.0", "0.5", "1.5", "0.0125", "1e400", "-1e400", "1e-400", "-1e-400", "12345678901234567890", "9007199254740993", "1e21", '"0"', "null", "true", "[]", "{}"];

/** Raw JSON texts to write as a field's value, by field name. */
const FIELD_TEXTS: Record<string, readonly string[]> = {
  event: [],
  call_status: ["7", "14", "16", "17", "70", "255", "-1", "3.0", "1e0", "8.5", '"3"', "null", "1e400"],
  connection_type: ["2", "5", "7", "8", "10", "11", "19", "100", "-1", "1.0", "0e0", '"1"', "null"],
  participant_type: ['"customer"', '"Bot"', '"\\u0041gent"', '"\\u0043ustomer"', '"Customer "', "null", "0"],
  direction: ['"Incoming"', '"INCOMING"', '"Outgoing"', '"\\u0069ncoming"', '"\\u006futgoing"', '"inbound"', '"incoming "', "0", "1", "null"],
  region: ['"XX"', '"us"', '"\\u0055S"', '"EU"', '"IND"', '""', "null", "1"],
  duration: NUMBER_ODDITIES,
  cost: NUMBER_ODDITIES,
  bill_duration: NUMBER_ODDITIES,
  timestamp: ["1709633815.5", "-1", "0", "1e400", "1e21", '"1709633815"', "null", "1.709633815e9"],
  id: ["1.0", "1e0", "-0", "12345678901234567890", "1e400", "1.5", '"1"', "null"],
  call_id: ["1.0", "-1", "12345678901234567890", "1e400", '"1"', "null"],
  participant_id: ["1.0", "-1", "1e400", '"1"', "null", "0"],
  assigned_agent_id: ["1.0", "-1", "1e400", '"1"', "null", "0"],
  parent_call_id: ["1", "1.5", "null"],
  root_call_id: ["1", "1.5", "null"],
  assigned_team_id: ["1", "1.5", "null"],
  phone_number_id: ["1.5", "null", "-1", "1e400"],
  cost_unit: ['"USD"', '"us"', '"usdollar"', '"\\u0075sd"', '"\u20ac\u20ac\u20ac"', '"u1d"', "null"],
  duration_unit: ['"minutes"', '"SECONDS"', '"\\u0073econds"', `"${"s".repeat(17)}"`, "null"],
  bill_duration_unit: ['"minutes"', '"SECONDS"', '"\\u0073econds"', `"${"s".repeat(17)}"`, "null"],
  type: ['"user"', '"System"', '"\\u0073ystem"', '"system "', `"${"s".repeat(64)}"`, `"${"s".repeat(65)}"`, "null"],
  phone_number: aroundLength(64),
  caller_number: aroundLength(64),
  account_id: [...aroundLength(64), "82918", "null"],
  domain: [repeatText("a", 512), repeatText("a", 513), '"acme.freshcaller.com\\/"', "null"],
  call_notes: [
    '"a note"',
    '"\\",\\"call_status\\":7,\\"x\\":\\""',
    '"ends with a backslash \\\\"',
    '"}\\n{\\"event\\":\\"onCallCreate\\"}"',
    '"\\ud800"',
    '"\\u0000"',
    repeatText("a", 100_000),
    repeatText("a", 100_001),
    JSON.stringify(`${"a".repeat(99_999)}\u{1F600}`),
    repeatText("\u{1F600}", 50_001),
    "1",
  ],
  url: URL_TEXTS,
  freshcaller: URL_TEXTS,
  subscribed_modules: ["[]", '["call",1]', JSON.stringify(Array.from({ length: 256 }, () => "call")), JSON.stringify(Array.from({ length: 257 }, () => "call")), JSON.stringify(["c".repeat(256)]), JSON.stringify(["c".repeat(257)]), '"call"'],
  endpoint_urls: ["{}", '{"freshcaller":1}', "[]", "null"],
  recording: ["{}", "[]", '"https://acme.freshcaller.com/r"', '{"id":1,"url":"https://acme.freshcaller.com/r/1","duration":1,"duration_unit":"seconds"}', '{"id":1,"url":"https://acme.freshcaller.com/r/1","duration":1.5,"duration_unit":"seconds"}'],
  recording_to_redact: ['{"id":1,"url":"https://acme.freshcaller.com/r/1","duration":1,"duration_unit":"seconds"}', "{}"],
  created_time: [],
  updated_time: [],
  enqueued_time: ['"2024-03-05T10:15:30.000Z"', '"2024-03-05T10:15:30.000+05:30"', "0"],
  participants: ["[]", "{}", "null"],
  iparams: [
    '{"api_key":"k","nested":{"a":[1,{"b":{"c":null}}]}}',
    '{"api_key":"k","api_key":"k"}',
    '{"nested":{"a":1,"a":1}}',
    '{"nested":[{"a":{"b":1,"b":2}}]}',
    '{"nested":{"\\u0061":1,"a":1}}',
    '{"__proto__":{"event":"onCallUpdate"}}',
    '{"constructor":{"prototype":1}}',
    '"k"',
    "[]",
    "null",
  ],
  app_settings: ['{"a":{"a":1,"a":1}}', '{"__proto__":null}', "[]", "null"],
  associations: ['{"ticket_id":1}', '{"ticket_id":1,"ticket_id":1}', '{"__proto__":{}}', "[]", "null"],
  actor: ['{"type":"system","id":1}', '{"type":"system","type":"system"}', '{"type":"system","__proto__":{}}', "{}", "null"],
  changes: ["{}", "[]", "null", '{"__proto__":[1,2]}', '{"constructor":[1,1]}', '{"toString":[1,1]}', '{"hasOwnProperty":[1,1]}', '{"foo":[1,2]}'],
};

// ---------------------------------------------------------------------------------------------

/**
 * Variants of one line (the compact JSON text of a call event), each labelled with what it
 * stresses. Lazily made: a heavy line's variants add up to tens of megabytes.
 */
export function* lineMutants(clean: string, options: MutantOptions = {}): Generator<LineMutant> {
  const value = JSON.parse(clean) as Json;
  if (!isObject(value)) throw new Error("lineMutants: the line must hold a JSON object");
  const event = value.event;
  const data = isObject(value.data) ? value.data : {};
  const call = isObject(data.call) ? data.call : {};
  const participants = Array.isArray(call.participants) ? call.participants : [];
  const changes = isObject(data.changes) ? data.changes : undefined;

  const text = (label: string, t: string): LineMutant => ({ label, bytes: utf8(t) });
  /** The line rewritten from its tree after an edit; the edit returns false when it does not apply. */
  const tree = (label: string, edit: (root: ObjectNode) => void | false, spacing?: Spacing): LineMutant | undefined => {
    const root = toNode(value) as ObjectNode;
    if (edit(root) === false) return undefined;
    return text(label, write(root, spacing));
  };
  /** The line rewritten from its value after an edit; the edit returns false when it does not apply. */
  const json = (label: string, edit: (v: any) => void | false): LineMutant | undefined => {
    const v = structuredClone(value) as any;
    if (edit(v) === false) return undefined;
    return text(label, JSON.stringify(v));
  };
  const setText = (path: Path, t: string) => (root: ObjectNode) => {
    const parent = nodeAt(root, path.slice(0, -1));
    const last = path[path.length - 1]!;
    if (parent?.kind === "object") {
      const member = parent.members.findLast((m) => keyOf(m.key) === last);
      if (!member) return false;
      member.value = raw(t);
    } else if (parent?.kind === "array" && typeof last === "number") parent.items[last] = raw(t);
    else return false;
    return undefined;
  };
  const yieldSome = function* (...mutants: Array<LineMutant | undefined>) {
    for (const m of mutants) if (m !== undefined) yield m;
  };

  const objects = objectPaths(value);
  const leaves = leafPaths(value);

  // Keys: duplicated (same value, a wrong first value JSON.parse drops, an escaped spelling),
  // unknown, inherited-looking, missing, escaped, and members in another order.
  for (const path of objects) {
    const at = pointerOf(path) || "(root)";
    const onObject = (edit: (o: ObjectNode) => void | false) => (root: ObjectNode) => {
      const o = nodeAt(root, path);
      return o?.kind === "object" ? edit(o) : false;
    };
    const first = (o: ObjectNode) => o.members[0];
    yield* yieldSome(
      tree(`duplicate key, same value, at ${at}`, onObject((o) => (first(o) ? void o.members.push({ ...first(o)! }) : false))),
      tree(`duplicate key, first value dropped by JSON.parse, at ${at}`, onObject((o) => {
        const last = o.members[o.members.length - 1];
        if (!last) return false;
        o.members.unshift({ key: last.key, value: raw('"dropped"') });
        return undefined;
      })),
      tree(`duplicate key, escaped spelling, at ${at}`, onObject((o) => (first(o) ? void o.members.push({ key: escapeFirst(keyOf(first(o)!.key)), value: first(o)!.value }) : false))),
      tree(`duplicate key, escaped spelling first, at ${at}`, onObject((o) => (first(o) ? void o.members.unshift({ key: escapeFirst(keyOf(first(o)!.key)), value: raw("0") }) : false))),
      tree(`unknown key at ${at}`, onObject((o) => void o.members.push({ key: '"x_unknown"', value: raw("1") }))),
      tree(`"__proto__" key at ${at}`, onObject((o) => void o.members.push({ key: '"__proto__"', value: raw("{}") }))),
      tree(`"__proto__" key, null, at ${at}`, onObject((o) => void o.members.unshift({ key: '"__proto__"', value: raw("null") }))),
      tree(`"constructor" key at ${at}`, onObject((o) => void o.members.push({ key: '"constructor"', value: raw("1") }))),
      tree(`"hasOwnProperty" key at ${at}`, onObject((o) => void o.members.push({ key: '"hasOwnProperty"', value: raw('"x"') }))),
      tree(`members reversed at ${at}`, onObject((o) => (o.members.length > 1 ? void o.members.reverse() : false))),
      tree(`no members at ${at}`, onObject((o) => (o.members.length > 0 ? void (o.members = []) : false))),
    );
    const members = (nodeAt(toNode(value), path) as ObjectNode).members;
    for (let i = 0; i < members.length; i++) {
      const name = keyOf(members[i]!.key);
      yield* yieldSome(
        tree(`missing ${at}/${name}`, onObject((o) => void o.members.splice(i, 1))),
        tree(`escaped key ${at}/${name}`, onObject((o) => void (o.members[i]!.key = escapeFirst(name)))),
        tree(`key in other case ${at}/${name}`, onObject((o) => void (o.members[i]!.key = JSON.stringify(name.charAt(0).toUpperCase() + name.slice(1))))),
        tree(`key with a trailing space ${at}/${name}`, onObject((o) => void (o.members[i]!.key = JSON.stringify(`${name} `)))),
        tree(`key one byte longer ${at}/${name}`, onObject((o) => void (o.members[i]!.key = JSON.stringify(`${name}_`)))),
        name.length > 1 ? tree(`key one byte shorter ${at}/${name}`, onObject((o) => void (o.members[i]!.key = JSON.stringify(name.slice(0, -1))))) : undefined,
        name.length > 0 ? tree(`key with its last byte changed ${at}/${name}`, onObject((o) => void (o.members[i]!.key = JSON.stringify(`${name.slice(0, -1)}${name.endsWith("e") ? "f" : "e"}`)))) : undefined,
        name.length > 8 ? tree(`key with its ninth byte changed ${at}/${name}`, onObject((o) => void (o.members[i]!.key = JSON.stringify(`${name.slice(0, 8)}${name[8] === "x" ? "y" : "x"}${name.slice(9)}`)))) : undefined,
      );
    }
  }

  // Every leaf spelled other ways: numbers as 1.0, 1e0, -0, and out of range; strings escaped.
  for (const [path, leaf] of leaves) {
    const at = pointerOf(path);
    const spell = (how: string, t: string) => tree(`${how} at ${at}: ${t.length > 40 ? `${t.slice(0, 40)}…` : t}`, setText(path, t));
    if (typeof leaf === "number") {
      const t = JSON.stringify(leaf);
      const plain = /^-?\d+$/.test(t);
      yield* yieldSome(
        plain ? spell("number", `${t}.0`) : undefined,
        plain ? spell("number", `${t}.00000000000000000001`) : undefined,
        spell("number", `${t}e0`),
        spell("number", `${t}E+0`),
        spell("number", `${t}e-0`),
        leaf === 0 ? spell("number", "-0") : spell("number", `-${t}`),
        plain ? spell("number", `${t}0e-1`) : undefined,
        spell("number", `0${t}`),
        spell("number", `+${t}`),
        spell("number", `${t}.`),
        spell("number", String(leaf + 1)),
        spell("number", JSON.stringify(t)),
      );
    } else if (typeof leaf === "string") {
      yield* yieldSome(
        spell("string", escapeFirst(leaf)),
        spell("string", escapeAll(leaf)),
        leaf.includes("/") ? spell("string", JSON.stringify(leaf).replace(/\//g, "\\/")) : undefined,
        spell("string", JSON.stringify(leaf.toUpperCase())),
        spell("string", JSON.stringify(`${leaf} `)),
        spell("string", `"${leaf}\\u0000"`),
        spell("string", `"${JSON.stringify(leaf).slice(1, -1)}\t"`),
        spell("string", '""'),
        spell("string", "null"),
      );
    } else if (leaf === null) {
      yield* yieldSome(spell("null", "0"), spell("null", '""'), spell("null", "{}"), spell("null", "[]"), spell("null", "false"), spell("null", '"null"'), spell("null", "nul"), spell("null", "NULL"));
    }
  }

  // Field values by name, everywhere the field appears (a leaf or a whole object).
  const fieldPaths: Array<[Step[], string]> = [];
  const collect = (v: Json, path: Step[]) => {
    if (Array.isArray(v)) v.forEach((item, i) => collect(item, [...path, i]));
    else if (isObject(v)) {
      for (const [key, child] of Object.entries(v)) {
        fieldPaths.push([[...path, key], key]);
        collect(child, [...path, key]);
      }
    }
  };
  collect(value, []);
  for (const [path, key] of fieldPaths) {
    const current = get(value, path);
    const texts = [...(FIELD_TEXTS[key] ?? [])];
    if (typeof current === "string" && key.endsWith("time")) texts.push(...timeTexts(current));
    if (typeof current === "string" && (key === "url" || key === "freshcaller")) texts.push(...urlEscapes(current));
    for (const t of texts) yield* yieldSome(tree(`${key} = ${t.length > 48 ? `${t.slice(0, 48)}…(${t.length})` : t} at ${pointerOf(path)}`, setText(path, t)));
  }
  // The same field value everywhere at once (so equalities between fields still hold): times, URLs, numbers.
  const strings = new Set(leaves.map(([, v]) => v).filter((v): v is string => typeof v === "string"));
  for (const s of strings) {
    const spellings = [...timeTexts(s), ...(/^https?:/.test(s) ? [...urlEscapes(s), ...URL_TEXTS.slice(0, 6)] : []), escapeFirst(s), escapeAll(s)];
    for (const t of spellings) yield text(`every ${JSON.stringify(s)} written ${t.length > 48 ? `${t.slice(0, 48)}…` : t}`, clean.split(JSON.stringify(s)).join(t));
  }
  // Every printable ASCII character (and two that are not ASCII) at each part of each URL, everywhere the URL appears.
  for (const url of [...strings].filter((u) => /^https?:\/\/[^/]+/.test(u))) {
    const [, scheme, host, rest] = /^(https?:\/\/)([^/?#]+)(.*)$/.exec(url) ?? [];
    if (scheme === undefined || host === undefined || rest === undefined) continue;
    const chars = [...Array.from({ length: 0x5f }, (_x, i) => String.fromCharCode(0x20 + i)), "\u00e9", "\u{1F600}"];
    for (const c of chars) {
      for (const [part, spelled] of [
        ["host", `${scheme}${host.slice(0, 2)}${c}${host.slice(2)}${rest}`],
        ["port", `${scheme}${host}:8${c}/`],
        ["path", `${scheme}${host}/a${c}b${rest}`],
        ["query", `${scheme}${host}/?q=${c}`],
        ["fragment", `${scheme}${host}/#${c}`],
      ] as const) {
        yield text(`every ${JSON.stringify(url)} with ${JSON.stringify(c)} in its ${part}`, clean.split(JSON.stringify(url)).join(JSON.stringify(spelled)));
      }
    }
  }
  const numbers = new Set(leaves.map(([, v]) => v).filter((v): v is number => typeof v === "number"));
  for (const n of numbers) {
    const t = JSON.stringify(n);
    for (const spelling of [`${t}.0`, `${t}e0`, `${t}0e-1`, n === 0 ? "-0" : `-${t}`, "1e400", "12345678901234567890"]) {
      // Only where the number stands alone as a value (after a colon or in an array), not inside another number.
      const replaced = clean.replace(new RegExp(`([:\\[,])${t.replace(/[.+-]/g, "\\$&")}(?=[,\\]}])`, "g"), `$1${spelling}`);
      if (replaced !== clean) yield text(`every ${t} written ${spelling}`, replaced);
    }
  }

  // Whitespace: every slot, one kind of slot at a time, line start and end, only inside changes.
  const SLOTS: readonly Slot[] = ["open", "close", "before-colon", "after-colon", "before-comma", "after-comma"];
  for (const slot of SLOTS) {
    for (const ws of [" ", "\t", "\r", " \t\r "]) {
      yield* yieldSome(tree(`whitespace ${JSON.stringify(ws)} at every ${slot}`, () => undefined, (s) => (s === slot ? ws : "")));
    }
  }
  for (const ws of [" ", "\t", "\r", "  \t \r"]) yield* yieldSome(tree(`whitespace ${JSON.stringify(ws)} in every slot`, () => undefined, () => ws));
  let spin = 0;
  yield* yieldSome(tree("whitespace of every kind, mixed", () => undefined, () => [" ", "", "\t", "\r", "", "  "][spin++ % 6]!));
  for (const ws of ["\u00a0", "\f", "\v", "\u2028", "\ufeff", "\u0000"]) {
    yield* yieldSome(tree(`not JSON whitespace ${JSON.stringify(ws)} after every colon`, () => undefined, (s) => (s === "after-colon" ? ws : "")));
    yield text(`not JSON whitespace ${JSON.stringify(ws)} at line start`, ws + clean);
    yield text(`not JSON whitespace ${JSON.stringify(ws)} at line end`, clean + ws);
  }
  for (const [where, t] of [
    ["space at line start", ` ${clean}`],
    ["space at line end", `${clean} `],
    ["tab at line start and end", `\t${clean}\t`],
    ["\\r at line end", `${clean}\r`],
    ["space and \\r at line end", `${clean} \r`],
    ["two \\r at line end", `${clean}\r\r`],
    ["\\r at line start", `\r${clean}`],
    ["spaces around", `   ${clean}   `],
  ] as const) {
    yield text(where, t);
  }
  if (changes) {
    for (const [label, spacing] of [
      ["spaces inside changes only", (_s: Slot, p: string) => (p.startsWith("/data/changes") ? " " : "")],
      ["spaces inside the call only", (_s: Slot, p: string) => (p.startsWith("/data/call") ? " " : "")],
      ["a space after one colon in changes", (s: Slot, p: string) => (s === "after-colon" && p === "/data/changes" ? " " : "")],
    ] as const) {
      yield* yieldSome(tree(label, () => undefined, spacing));
    }
  }

  // The event: hostile and near names, another event, its key elsewhere or spelled otherwise.
  const other = event === "onCallCreate" ? "onCallUpdate" : "onCallCreate";
  for (const name of ["onTicketCreate", "__proto__", "constructor", "toString", "hasOwnProperty", "onCallcreate", "oncallupdate", `${event} `, ` ${event}`, "", other, "onCallCreate\u0000", "onCallUpdate\u200b"]) {
    yield* yieldSome(tree(`event ${JSON.stringify(name)}`, setText(["event"], JSON.stringify(name))));
  }
  for (const t of [escapeFirst(String(event)), escapeAll(String(event)), "null", "1", `[${JSON.stringify(event)}]`, `{"name":${JSON.stringify(event)}}`]) {
    yield* yieldSome(tree(`event written ${t}`, setText(["event"], t)));
  }
  yield* yieldSome(
    tree('"event" after "data"', (root) => {
      const i = root.members.findIndex((m) => keyOf(m.key) === "event");
      if (i < 0) return false;
      root.members.push(...root.members.splice(i, 1));
      return undefined;
    }),
    tree('"event" written twice, another event first', (root) => void root.members.unshift({ key: '"event"', value: raw(JSON.stringify(other)) })),
    tree('"event" written twice, another event last', (root) => void root.members.push({ key: '"event"', value: raw(JSON.stringify(other)) })),
    tree('"event" written twice, escaped key last', (root) => void root.members.push({ key: '"\\u0065vent"', value: raw(JSON.stringify(other)) })),
    tree('"event" key written "Event"', setKey([], "event", '"Event"')),
    tree('"data" key written "\\u0064ata"', setKey([], "data", '"\\u0064ata"')),
    tree('"event" inside data instead', (root) => {
      const i = root.members.findIndex((m) => keyOf(m.key) === "event");
      const d = nodeAt(root, ["data"]);
      if (i < 0 || d?.kind !== "object") return false;
      d.members.push(...root.members.splice(i, 1));
      return undefined;
    }),
  );

  // The onCallCreate invariants, each broken alone (the create lines), and an update without changes.
  const recording = { id: 1, url: "https://acme.freshcaller.com/api/v1/recordings/1", duration: 1, duration_unit: "seconds" };
  yield* yieldSome(
    json("create: recording not null", (v) => void (v.data.call.recording = recording)),
    json("create: recording_to_redact not null", (v) => void (v.data.call.recording_to_redact = recording)),
    json("create: updated_time differs from created_time", (v) => void (v.data.call.updated_time = "2030-01-01T00:00:00.000Z")),
    json("create: created_time differs from updated_time", (v) => void (v.data.call.created_time = "2000-01-01T00:00:00.000Z")),
    json("actor.type user", (v) => void (v.data.actor.type = "user")),
    json("associations not empty", (v) => void (v.data.associations = { ticket_id: 1 })),
    json("bill_duration 0", (v) => void (v.data.call.bill_duration = 0)),
    json("call_notes empty string", (v) => void (v.data.call.call_notes = "")),
    json("call_notes missing", (v) => void delete v.data.call.call_notes),
    json("parent_call_id set", (v) => void (v.data.call.parent_call_id = v.data.call.id)),
    json("root_call_id set", (v) => void (v.data.call.root_call_id = v.data.call.id)),
    json("assigned_team_id set", (v) => void (v.data.call.assigned_team_id = 1)),
    json("data.changes on any event", (v) => void (v.data.changes = {})),
    json("no data.changes", (v) => (v.data.changes === undefined ? false : void delete v.data.changes)),
    json("event swapped, body kept", (v) => void (v.event = other)),
  );
  for (let i = 0; i < participants.length; i++) {
    const p = participants[i];
    if (!isObject(p)) continue;
    yield* yieldSome(
      json(`participant ${i}: connection_type 2`, (v) => void (v.data.call.participants[i].connection_type = 2)),
      json(`participant ${i}: call_id != call.id`, (v) => void (v.data.call.participants[i].call_id = Number(call.id) + 1)),
      json(`participant ${i}: call_id as string`, (v) => void (v.data.call.participants[i].call_id = String(call.id))),
    );
    // One drift (a value only the strict profile refuses) and one more problem: never "clean but for one drift".
  const withDrift = (label: string, edit: (v: any) => void) =>
    json(`call_status 7 and ${label}`, (v) => {
      if (!v.data?.call?.participants?.[0]) return false;
      v.data.call.participants[0].call_status = 7;
      edit(v);
      return undefined;
    });
  yield* yieldSome(
    withDrift("nothing else", () => undefined),
    withDrift("region XX", (v) => void (v.region = "XX")),
    withDrift("call_status 14 on another leg", (v) => void (v.data.call.participants.length > 1 ? (v.data.call.participants[1].call_status = 14) : v.data.call.participants.push({ ...v.data.call.participants[0], id: v.data.call.participants[0].id + 50, call_status: 14 }))),
    withDrift("participant_type Bot", (v) => void (v.data.call.participants[0].participant_type = "Bot")),
    withDrift("connection_type 8", (v) => void (v.data.call.participants[0].connection_type = 8)),
    withDrift("an unknown key in data", (v) => void (v.data.x_unknown = 1)),
    withDrift("an unknown key in the leg", (v) => void (v.data.call.participants[0].x_unknown = 1)),
    withDrift("a time with an offset", (v) => void (v.data.call.participants[0].updated_time = String(v.data.call.participants[0].updated_time).replace("Z", "+00:00"))),
    withDrift("duration 1.5", (v) => void (v.data.call.participants[0].duration = 1.5)),
    withDrift("bill_duration_unit minutes", (v) => void (v.data.call.bill_duration_unit = "minutes")),
    withDrift("call_notes missing", (v) => void delete v.data.call.call_notes),
    withDrift("actor.type user", (v) => void (v.data.actor.type = "user")),
    withDrift("the leg's call_id wrong", (v) => void (v.data.call.participants[0].call_id += 1)),
    withDrift("changes in [old, new] order", (v) => void (v.data.changes && Object.values(v.data.changes as Record<string, unknown[]>).forEach((t) => Array.isArray(t) && t.reverse()))),
    withDrift("the event swapped", (v) => void (v.event = other)),
  );
  for (const value of ["7", "14", "70", "1e0", "7.0", "-7"]) {
    yield* yieldSome(
      tree(`call_status ${value} and a duplicate key in iparams`, (root) => {
        if (setText(["data", "call", "participants", 0, "call_status"], value)(root) === false) return false;
        return setOrAdd([], "iparams", '{"a":1,"a":1}')(root);
      }),
    );
  }

  // Legs: call_id against call.id (above), the primary agent against assigned_agent_id.
    if (p.connection_type === 1) {
      yield* yieldSome(
        json(`participant ${i}: primary agent participant_id != assigned_agent_id`, (v) => void (v.data.call.participants[i].participant_id = Number(p.participant_id) + 1)),
        json(`participant ${i}: primary agent, assigned_agent_id changed`, (v) => void (v.data.call.assigned_agent_id = Number(p.participant_id) + 1)),
        json(`participant ${i}: primary agent participant_id null`, (v) => void (v.data.call.participants[i].participant_id = null)),
      );
    }
  }
  const agentLeg = (participantId: unknown) => (v: any) => {
    const customer = v.data.call.participants[0];
    if (!customer) return false;
    v.data.call.participants.push({ ...customer, id: customer.id + 100, participant_type: "Agent", connection_type: 1, participant_id: participantId, caller_id: null, caller_number: null, cost: null });
    return undefined;
  };
  yield* yieldSome(
    json("an agent leg that is not the assigned agent", agentLeg(Number(call.assigned_agent_id ?? 7) + 1)),
    json("an agent leg that is the assigned agent", agentLeg(call.assigned_agent_id ?? null)),
    json("participants reversed", (v) => (v.data.call.participants.length > 1 ? void v.data.call.participants.reverse() : false)),
    json("participants emptied", (v) => void (v.data.call.participants = [])),
    json("a leg written twice", (v) => (v.data.call.participants[0] ? void v.data.call.participants.push(v.data.call.participants[0]) : false)),
  );

  // changes: tuples swapped, matching neither side or both, of the wrong length, keys that are not call attributes.
  if (changes) {
    const keys = Object.keys(changes);
    for (const key of keys) {
      const tuple = changes[key];
      const set = (label: string, to: unknown) => json(`changes.${key}: ${label}`, (v) => void (v.data.changes[key] = to));
      if (!Array.isArray(tuple)) continue;
      const [a, b] = tuple;
      yield* yieldSome(
        set("[old, new]", [b, a]),
        set("[old, old] (neither side is the call)", [b, b]),
        set("[new, new] (both sides are the call)", [a, a]),
        set("length 1", [a]),
        set("length 3", [a, b, b]),
        set("length 0", []),
        set("an object with keys 0 and 1", { 0: a, 1: b }),
        set("null", null),
        set("a string", "changed"),
        tree(`changes.${key} written twice, [old, new] first`, (root) => {
          const c = nodeAt(root, ["data", "changes"]);
          if (c?.kind !== "object") return false;
          c.members.unshift({ key: JSON.stringify(key), value: toNode([b, a]) });
          return undefined;
        }),
        tree(`changes.${key}: new side with its keys reversed`, (root) => {
          const side = nodeAt(root, ["data", "changes", key, 0]);
          return side ? void reverseMembers(side) : false;
        }),
        tree(`changes.${key}: old side with its keys reversed`, (root) => {
          const side = nodeAt(root, ["data", "changes", key, 1]);
          return side ? void reverseMembers(side) : false;
        }),
        tree(`changes.${key}: new side with spaces inside`, (root) => {
          const side = nodeAt(root, ["data", "changes", key, 0]);
          if (!side) return false;
          setText(["data", "changes", key, 0], write(side, () => " "))(root);
          return undefined;
        }),
        tree(`changes.${key}: call.${key} with spaces inside`, (root) => {
          const current = nodeAt(root, ["data", "call", key]);
          if (!current) return false;
          setText(["data", "call", key], write(current, () => " "))(root);
          return undefined;
        }),
        tree(`changes.${key}: call.${key} with its keys reversed`, (root) => {
          const current = nodeAt(root, ["data", "call", key]);
          return current ? void reverseMembers(current) : false;
        }),
      );
      if (isObject(call) && key in call) {
        yield* yieldSome(json(`changes.${key}: new side is not call.${key}`, (v) => void (v.data.call[key] = typeof v.data.call[key] === "number" ? v.data.call[key] + 1 : "x")));
      }
    }
    yield* yieldSome(
      json("changes: every tuple [old, new]", (v) => void Object.values(v.data.changes as Record<string, unknown[]>).forEach((t) => Array.isArray(t) && t.reverse())),
      json("changes: {}", (v) => void (v.data.changes = {})),
      json("changes: only a tuple both sides of which are the call", (v) => void (v.data.changes = { updated_time: [v.data.call.updated_time, v.data.call.updated_time] })),
      json("changes: an extra tuple, both sides the call", (v) => void (v.data.changes.id = [v.data.call.id, v.data.call.id])),
      json("changes: an extra tuple in [new, old] order", (v) => void (v.data.changes.phone_number_id = [v.data.call.phone_number_id, 1])),
      json("changes: an extra tuple in [old, new] order", (v) => void (v.data.changes.phone_number_id = [1, v.data.call.phone_number_id])),
      json("changes: an extra tuple matching neither side", (v) => void (v.data.changes.phone_number_id = [1, 2])),
      json("changes: recording_to_redact, both sides the call", (v) => void (v.data.changes.recording_to_redact = [v.data.call.recording_to_redact ?? null, v.data.call.recording_to_redact ?? null])),
    );
    for (const key of ["foo", "__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "Participants", "call_id", "participant_id", "data", ""]) {
      yield* yieldSome(tree(`changes: key ${JSON.stringify(key)}, not a call attribute`, (root) => {
        const c = nodeAt(root, ["data", "changes"]);
        if (c?.kind !== "object") return false;
        c.members.push({ key: JSON.stringify(key), value: raw("[1,1]") });
        return undefined;
      }));
    }
  }

  // Open objects with many keys (a scanner may compare keys pairwise up to some count), and duplicates among them.
  const manyKeys = (n: number, extra = "") => `{${Array.from({ length: n }, (_x, i) => `"k${i}":${i}`).join(",")}${extra}}`;
  for (const n of [63, 64, 65, 200]) {
    yield* yieldSome(
      tree(`iparams with ${n} keys`, setOrAdd([], "iparams", manyKeys(n))),
      tree(`iparams with ${n} keys, the last a duplicate of the first`, setOrAdd([], "iparams", manyKeys(n, ',"k0":0'))),
      tree(`iparams with ${n} keys, the last a duplicate of the one before`, setOrAdd([], "iparams", manyKeys(n, `,"k${n - 1}":0`))),
    );
  }
  // Open objects nested in open objects, each with many keys: a duplicate at the bottom, or across levels (not one).
  for (const [depth, width] of [[10, 63], [62, 63], [63, 64], [70, 70]] as const) {
    const level = (inner: string, d: number) => `{${Array.from({ length: width - 1 }, (_x, i) => `"k${i}":${d}`).join(",")},"in":${inner}}`;
    let bottom = '{"k0":1,"k0":2}';
    let noDuplicate = '{"k0":1}';
    for (let d = 0; d < depth; d++) {
      bottom = level(bottom, d);
      noDuplicate = level(noDuplicate, d);
    }
    yield* yieldSome(
      tree(`iparams ${depth} open objects of ${width} keys deep, a duplicate at the bottom`, setOrAdd([], "iparams", bottom)),
      tree(`iparams ${depth} open objects of ${width} keys deep, the same keys at every level`, setOrAdd([], "iparams", noDuplicate)),
    );
  }
  yield* yieldSome(
    tree("iparams: a key, an object holding the same key, the key again", setOrAdd([], "iparams", '{"a":{"a":1,"b":{"a":2}},"a":3}')),
    tree("iparams: the same key at three levels, no duplicate", setOrAdd([], "iparams", '{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]}')),
    tree("iparams: an array of objects, a duplicate in the second", setOrAdd([], "iparams", '{"a":[{"x":1,"y":2},{"x":1,"x":2}]}')),
    tree("iparams: keys that differ in one byte past 16", setOrAdd([], "iparams", `{"${"k".repeat(20)}a":1,"${"k".repeat(20)}b":1}`)),
    tree("iparams: a key and its prefix", setOrAdd([], "iparams", '{"key":1,"ke":1,"keyy":1}')),
    tree("iparams: a key with UTF-8 bytes and its decomposed twin", setOrAdd([], "iparams", '{"\\u00e9":1,"e\\u0301":1}')),
    tree("iparams: raw UTF-8 keys", setOrAdd([], "iparams", '{"\u00e9":1,"e\u0301":1,"\u{1F600}":1}')),
    tree("iparams: the same raw UTF-8 key twice", setOrAdd([], "iparams", '{"\u00e9":1,"\u00e9":2}')),
    tree("iparams: the same empty key twice", setOrAdd([], "iparams", '{"":1,"":2}')),
  );
  // Unknown keys written twice, at every level (known keys twice are above).
  for (const path of objects) {
    const at = pointerOf(path) || "(root)";
    yield* yieldSome(
      tree(`unknown key written twice at ${at}`, (root) => {
        const o = nodeAt(root, path);
        if (o?.kind !== "object") return false;
        o.members.push({ key: '"x_twice"', value: raw("1") }, { key: '"x_other"', value: raw("{}") }, { key: '"x_twice"', value: raw("1") });
        return undefined;
      }),
      tree(`unknown keys that differ past byte 16 at ${at}`, (root) => {
        const o = nodeAt(root, path);
        if (o?.kind !== "object") return false;
        o.members.push({ key: `"${"x".repeat(17)}1"`, value: raw("1") }, { key: `"${"x".repeat(17)}2"`, value: raw("1") });
        return undefined;
      }),
    );
  }

  // Envelopes: both platforms' keys, neither, one platform's half, an invalid one beside a valid one.
  const host = { subscribed_modules: ["call"], endpoint_urls: { freshcaller: "https://acme.freshcaller.com" } };
  const drop = (v: any, ...keys: string[]) => keys.forEach((k) => delete v[k]);
  yield* yieldSome(
    json("envelope: currentHost added", (v) => void (v.currentHost = host)),
    json("envelope: account_id and domain added", (v) => void Object.assign(v, { account_id: "82918", domain: "acme.freshcaller.com" })),
    json("envelope: neither platform's keys", (v) => drop(v, "currentHost", "account_id", "domain")),
    json("envelope: account_id only", (v) => void (drop(v, "currentHost", "domain"), (v.account_id = "82918"))),
    json("envelope: domain only", (v) => void (drop(v, "currentHost", "account_id"), (v.domain = "acme.freshcaller.com"))),
    json("envelope: currentHost invalid, account_id and domain valid", (v) => void Object.assign(v, { currentHost: {}, account_id: "82918", domain: "acme.freshcaller.com" })),
    json("envelope: currentHost with a URL that is not one, account_id and domain valid", (v) => void Object.assign(v, { currentHost: { subscribed_modules: ["call"], endpoint_urls: { freshcaller: "not a url" } }, account_id: "82918", domain: "acme.freshcaller.com" })),
    json("envelope: account_id a number, currentHost valid", (v) => void Object.assign(v, { currentHost: host, account_id: 82918, domain: "acme.freshcaller.com" })),
    json("envelope: domain too long, currentHost valid", (v) => void Object.assign(v, { currentHost: host, account_id: "82918", domain: "a".repeat(513) })),
    json("envelope: currentHost null, account_id and domain valid", (v) => void Object.assign(v, { currentHost: null, account_id: "82918", domain: "acme.freshcaller.com" })),
    json("envelope: currentHost an array", (v) => void (v.currentHost = [])),
  );

  // changes naming a call attribute the call does not hold, and tuples whose first item starts as the call's value.
  if (changes) {
    for (const key of ["call_notes", "recording_to_redact"]) {
      yield* yieldSome(
        json(`changes: a tuple for ${key}, which the call lacks`, (v) => void (delete v.data.call[key], (v.data.changes[key] = [null, null]))),
        json(`changes: a tuple for ${key}, which the call lacks, [null, "x"]`, (v) => void (delete v.data.call[key], (v.data.changes[key] = [null, "x"]))),
      );
    }
    yield* yieldSome(
      json("changes: participants tuple with one leg more than the call", (v) => (v.data.call.participants?.[0] ? void (v.data.changes.participants = [[...v.data.call.participants, v.data.call.participants[0]], []]) : false)),
      json("changes: participants tuple equal to the call", (v) => void (v.data.changes.participants = [v.data.call.participants, []])),
      json("changes: deep open content in a tuple's old side", (v) => void (v.data.changes.participants = [v.data.call.participants, JSON.parse(`${"[".repeat(60)}${"]".repeat(60)}`)])),
    );
  }

  // Strings around the scanner's 16-byte steps: escapes and quotes at every offset, where any string goes.
  for (let k = 0; k < 34; k++) {
    const a = "a".repeat(k);
    for (const t of [`"${a}\\\\"`, `"${a}\\""`, `"${a}\\"\\\\"`, `"\\\\${a}"`, `"${a}\\u0022"`, `"${a}\\u005c"`, `"${a}\u00e9"`]) {
      yield* yieldSome(tree(`string ${t} as an iparams value`, setOrAdd([], "iparams", `{"k":${t}}`)), tree(`string ${t} as the call's notes`, setOrAdd(["data", "call"], "call_notes", t)));
    }
    yield* yieldSome(tree(`unknown key ${k} bytes long at the root`, (root) => void root.members.push({ key: `"${"x".repeat(k)}"`, value: raw('"v"') })));
    yield text(`${k} spaces at line start`, " ".repeat(k) + clean);
    yield text(`${k} spaces at line end`, clean + " ".repeat(k));
  }

  // Deep nesting where anything goes (iparams, app_settings, an unknown envelope key) and where nothing does.
  const depths = options.heavy ? [62, 63, 64, 65, 66, 1000, 10_000, 100_000] : [63, 64, 65, 10_000];
  for (const depth of depths) {
    const arrays = `${"[".repeat(depth)}${"]".repeat(depth)}`;
    const objectsDeep = `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
    yield* yieldSome(
      tree(`iparams nested ${depth} arrays deep`, setOrAdd([], "iparams", arrays === "" ? "[]" : `{"deep":${arrays}}`)),
      tree(`iparams nested ${depth} objects deep`, setOrAdd([], "iparams", `{"deep":${objectsDeep}}`)),
      tree(`iparams nested ${depth} deep, unclosed`, setOrAdd([], "iparams", `{"deep":${"[".repeat(depth)}}`)),
      tree(`iparams nested ${depth} deep, a duplicate key at the bottom`, setOrAdd([], "iparams", `{"deep":${'{"a":'.repeat(depth)}{"b":1,"b":1}${"}".repeat(depth)}}`)),
      tree(`app_settings nested ${depth} deep`, setOrAdd([], "app_settings", `{"deep":${arrays}}`)),
      tree(`unknown envelope key nested ${depth} deep`, (root) => void root.members.push({ key: '"x_deep"', value: raw(arrays) })),
      tree(`associations nested ${depth} deep`, setOrAdd(["data"], "associations", `{"deep":${objectsDeep}}`)),
      tree(`call_notes nested ${depth} deep`, setOrAdd(["data", "call"], "call_notes", arrays)),
    );
  }

  // Many legs: at and past the schema's 1,000.
  if (options.heavy && participants.length > 0) {
    for (const n of [1000, 1001]) {
      yield* yieldSome(json(`${n} participants`, (v) => void (v.data.call.participants = Array.from({ length: n }, (_x, i) => ({ ...v.data.call.participants[0], id: v.data.call.participants[0].id + i })))));
    }
  }

  // Cut short, and with something after the value.
  const step = options.heavy ? 1 : 13;
  for (let n = 0; n < clean.length; n += step) {
    yield text(`truncated to ${n} characters`, clean.slice(0, n));
    if (n % 39 === 0) yield text(`truncated to ${n} characters, then closed`, `${clean.slice(0, n)}}`);
  }
  for (let n = Math.max(0, clean.length - 8); n < clean.length; n++) yield text(`truncated to ${n} characters`, clean.slice(0, n));
  for (let n = 1; n < 8; n++) yield text(`first ${n} characters dropped`, clean.slice(n));
  for (const garbage of ["x", "}", "]", ",", "{}", " 1", "\\", '"', "\u0000", "null", " //", "/*c*/", clean, `\t${clean}`]) {
    yield text(`trailing ${JSON.stringify(garbage.length > 12 ? `${garbage.slice(0, 12)}…` : garbage)}`, clean + garbage);
    yield text(`leading ${JSON.stringify(garbage.length > 12 ? `${garbage.slice(0, 12)}…` : garbage)}`, garbage + clean);
  }
  yield text("two events on one line, comma between", `${clean},${clean}`);
  yield text("in an array", `[${clean}]`);

  // Empty and blank lines.
  for (const blank of ["", " ", "\t", "\r", " \t \r", "\ufeff", "\ufeff \t"]) yield text(`blank ${JSON.stringify(blank)}`, blank);

  // Bytes: a byte order mark, NUL, control characters, and bytes that are not UTF-8, inside a string and between tokens.
  const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
  const body = utf8(clean);
  yield { label: "byte order mark at line start", bytes: concat(bom, body) };
  yield { label: "two byte order marks at line start", bytes: concat(bom, bom, body) };
  yield { label: "byte order mark after the first brace", bytes: concat(body.subarray(0, 1), bom, body.subarray(1)) };
  yield { label: "byte order mark at line end", bytes: concat(body, bom) };
  const quote = clean.indexOf('":"') + 3;
  const stringAt = quote > 2 ? utf8(clean.slice(0, quote)).length : 1;
  const structural = clean.indexOf(",") > 0 ? utf8(clean.slice(0, clean.indexOf(","))).length : 1;
  const BAD: ReadonlyArray<[string, number[]]> = [
    ["0xff", [0xff]],
    ["0xfe", [0xfe]],
    ["a lone continuation byte", [0x80]],
    ["a lead byte then ASCII", [0xc3, 0x41]],
    ["an overlong '/'", [0xc0, 0xaf]],
    ["an overlong NUL", [0xc0, 0x80]],
    ["a UTF-16 surrogate", [0xed, 0xa0, 0x80]],
    ["past U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
    ["a five-byte form", [0xf8, 0x88, 0x80, 0x80, 0x80]],
    ["a cut three-byte character", [0xe2, 0x82]],
    ["a raw NUL", [0x00]],
    ["a raw control character", [0x01]],
    ["a raw \\r", [0x0d]],
    ["a raw tab", [0x09]],
    ["a raw DEL", [0x7f]],
    ["a raw two-byte character", [0xc3, 0xa9]],
    ["a raw four-byte character", [0xf0, 0x9f, 0x98, 0x80]],
    ["a raw U+2028", [0xe2, 0x80, 0xa8]],
  ];
  for (const [name, seq] of BAD) {
    yield { label: `${name} inside a string`, bytes: concat(body.subarray(0, stringAt), new Uint8Array(seq), body.subarray(stringAt)) };
    yield { label: `${name} between tokens`, bytes: concat(body.subarray(0, structural), new Uint8Array(seq), body.subarray(structural)) };
    yield { label: `${name} at line end`, bytes: concat(body, new Uint8Array(seq)) };
  }
  if (typeof call.phone_number === "string") {
    const at = utf8(clean.slice(0, clean.indexOf(JSON.stringify(call.phone_number)) + 1)).length;
    for (const [name, seq] of BAD) yield { label: `${name} inside call.phone_number`, bytes: concat(body.subarray(0, at), new Uint8Array(seq), body.subarray(at)) };
  }
}

/** Sets (or adds) a member of the object at `path` to raw text. */
function setOrAdd(path: Path, key: string, t: string) {
  return (root: ObjectNode) => {
    const o = nodeAt(root, path);
    if (o?.kind !== "object") return false;
    const member = o.members.findLast((m) => keyOf(m.key) === key);
    if (member) member.value = raw(t);
    else o.members.push({ key: JSON.stringify(key), value: raw(t) });
    return undefined;
  };
}

/** Respells the key `key` of the object at `path`. */
function setKey(path: Path, key: string, keyText: string) {
  return (root: ObjectNode) => {
    const o = nodeAt(root, path);
    const member = o?.kind === "object" ? o.members.find((m) => keyOf(m.key) === key) : undefined;
    if (!member) return false;
    member.key = keyText;
    return undefined;
  };
}

/** Reverses the members of every object in a subtree (arrays keep their order); false when nothing moved. */
function reverseMembers(node: JsonNode): void | false {
  let moved = false;
  const go = (n: JsonNode) => {
    if (n.kind === "object") {
      if (n.members.length > 1) moved = true;
      n.members.reverse();
      n.members.forEach((m) => go(m.value));
    } else if (n.kind === "array") n.items.forEach(go);
  };
  go(node);
  return moved ? undefined : false;
}

// ---------------------------------------------------------------------------------------------
// Random edits, for fast-check.

/** Bytes random edits insert or substitute: JSON's structure, digits, letters, whitespace, non-ASCII. */
const EDIT_BYTES = [..."{}[],:\"\\0123456789.-+eE tnfaluZT/\r\t"].map((c) => c.charCodeAt(0)).concat([0x00, 0x80, 0xc3, 0xa9, 0xff, 0xef, 0xbb, 0xbf]);

/** One byte edit: at a position (taken modulo the length), with a byte or bit to use. */
interface ByteEdit {
  kind: "replace" | "same-kind" | "insert" | "delete" | "bit";
  at: number;
  byte: number;
}

const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
const isLower = (b: number) => b >= 0x61 && b <= 0x7a;
const isUpper = (b: number) => b >= 0x41 && b <= 0x5a;

function applyEdits(bytes: Uint8Array, edits: readonly ByteEdit[]): Uint8Array {
  let out = Array.from(bytes);
  for (const { kind, at, byte } of edits) {
    const i = out.length === 0 ? 0 : at % out.length;
    const b = out[i] ?? 0x20;
    if (kind === "insert") out.splice(i, 0, EDIT_BYTES[byte % EDIT_BYTES.length]!);
    else if (out.length === 0) continue;
    else if (kind === "delete") out.splice(i, 1);
    else if (kind === "bit") out[i] = b ^ (1 << (byte % 8));
    else if (kind === "replace") out[i] = EDIT_BYTES[byte % EDIT_BYTES.length]!;
    // A digit for a digit, a letter for a letter: the line mostly stays JSON, with other values.
    else out[i] = isDigit(b) ? 0x30 + (byte % 10) : isLower(b) ? 0x61 + (byte % 26) : isUpper(b) ? 0x41 + (byte % 26) : EDIT_BYTES[byte % EDIT_BYTES.length]!;
  }
  out = out.filter((b) => b !== 0x0a);
  return Uint8Array.from(out);
}

/** A clean line (one of `lines`) with one to four random byte edits: flips, insertions, deletions. */
export function byteEditedLine(lines: readonly string[]): fc.Arbitrary<LineMutant> {
  const encoded = lines.map(utf8);
  const edit = fc.record({
    kind: fc.constantFrom<ByteEdit["kind"]>("replace", "same-kind", "same-kind", "insert", "delete", "bit"),
    at: fc.nat(),
    byte: fc.nat(255),
  });
  return fc.record({ line: fc.nat(encoded.length - 1), edits: fc.array(edit, { minLength: 1, maxLength: 4 }) }).map(({ line, edits }) => ({
    label: `line ${line} with byte edits ${JSON.stringify(edits)}`,
    bytes: applyEdits(encoded[line]!, edits),
  }));
}

/**
 * A clean line (one of `lines`) with one to three of its values replaced by another value of the
 * same line (an id for another id, one time for another, a leg for a tuple side) or an odd one:
 * the result is JSON, and often almost right.
 */
export function valueSwappedLine(lines: readonly string[]): fc.Arbitrary<LineMutant> {
  const parsed = lines.map((line) => {
    const value = JSON.parse(line) as Json;
    // Every value in the line, containers too, so that a leg can take a tuple side's place.
    const paths: Step[][] = [];
    const walk = (v: Json, path: Step[]) => {
      if (path.length > 0) paths.push(path);
      if (Array.isArray(v)) v.forEach((item, i) => walk(item, [...path, i]));
      else if (isObject(v)) for (const [key, child] of Object.entries(v)) walk(child, [...path, key]);
    };
    walk(value, []);
    return { value, paths };
  });
  const ODD = ["0", "-1", "1.0", "7", "null", '""', '"x"', "{}", "[]", "true", "1e400", '"2024-03-05T10:15:30.000Z"'];
  const swap = fc.record({ target: fc.nat(), source: fc.nat(), odd: fc.option(fc.nat(ODD.length - 1), { freq: 4 }) });
  return fc.record({ line: fc.nat(lines.length - 1), swaps: fc.array(swap, { minLength: 1, maxLength: 3 }) }).map(({ line, swaps }) => {
    const { value, paths } = parsed[line]!;
    const root = toNode(value);
    const done: string[] = [];
    for (const { target, source, odd } of swaps) {
      const to = paths[target % paths.length]!;
      const from = paths[source % paths.length]!;
      const t = odd === null ? write(nodeAt(root, from) ?? raw("null")) : ODD[odd]!;
      const parent = nodeAt(root, to.slice(0, -1));
      const last = to[to.length - 1]!;
      if (parent?.kind === "object") {
        const member = parent.members.findLast((m) => keyOf(m.key) === last);
        if (member) member.value = raw(t);
      } else if (parent?.kind === "array" && typeof last === "number") parent.items[last] = raw(t);
      done.push(`${pointerOf(to)} = ${t.length > 30 ? `${t.slice(0, 30)}…` : t}`);
    }
    return { label: `line ${line} with ${done.join("; ")}`, bytes: utf8(write(root)) };
  });
}
