// The consumers a schema diff can see: pact files (what each interaction's provider body holds and
// its matching rules name: the paths the consumer reads), and source folders whose code imports a
// generated exhaustive matcher (matchCallStatus …) from @fwcall/types.
import { readdirSync, readFileSync, statSync, type Stats } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { pactFilesIn, parsePactText, schemaOfBody, type PactInteraction } from "@fwcall/pact/check";
import { problemText } from "@fwcall/validate/json-file";
import { fieldStep } from "./changes.js";
import { MAX_NESTING, nestsDeeperThan } from "./json.js";
import { DiffInputError, errorText, fileKind } from "./sources.js";

/** What one pact interaction reads of one provider body. */
export interface PactReader {
  /** The interaction's description (a case id such as `update/incoming/missed/status-change`, or a request's). */
  interaction: string;
  /** The body's subject, as schema changes name theirs: an event (`onCallUpdate`) or a REST resource title (`CallResponse`). */
  subject: string;
  /** The envelope of a message (`2.x` with account_id, `3.0` with currentHost), when it tells. */
  envelope?: "2.x" | "3.0";
  /** Every path the body's example holds or its rules name, array positions as `[*]`. */
  paths: Set<string>;
  /** The example's values at each path (for enum values a pact pins). */
  values: Map<string, unknown[]>;
}

/** A pact file's consumer and what it reads. */
export interface PactConsumer {
  file: string;
  consumer: string;
  provider: string;
  readers: PactReader[];
  /** Interactions whose body no fwcall schema describes (skipped, named). */
  unidentified: string[];
}

/** A folder whose source imports exhaustive matchers from @fwcall/types. */
export interface MatcherConsumer {
  /** Its package.json name, else the folder's name. */
  name: string;
  dir: string;
  /** Each matcher it uses (`matchCallStatus`) with the files and lines that use it. */
  uses: Map<string, Array<{ file: string; line: number }>>;
}

const BODY_TYPES = new Set(["onCallCreate", "onCallUpdate"]);
/** A path given on the command line, stat'ed; a DiffInputError saying why it cannot be opened: missing, or the system's reason (a symbolic link loop, no permission). */
function statGiven(given: string, path: string, what: string): Stats {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" || code === "ENOTDIR" ? `no such ${what}` : `cannot open it as a ${what}: ${code === "ELOOP" ? "a loop of symbolic links (ELOOP)" : (code ?? errorText(error))}`;
    throw new DiffInputError(`${given}: ${why}`);
  }
}

/** A pact path with array positions as [*] and ['plain'] keys as .plain. */
export function normalisePath(path: string): string {
  return path.replace(/\[\d+\]/g, "[*]").replace(/\['([A-Za-z_][A-Za-z0-9_]*)'\]/g, ".$1").replace(/\["([A-Za-z_][A-Za-z0-9_]*)"\]/g, ".$1");
}

/** Every path of a JSON value (each object and array too, so reading a whole subtree counts), with the values there. */
function collectPaths(value: unknown, path: string, paths: Set<string>, values: Map<string, unknown[]>): void {
  paths.add(path);
  if (Array.isArray(value)) {
    for (const item of value) collectPaths(item, `${path}[*]`, paths, values);
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) collectPaths(item, `${path}${fieldStep(key)}`, paths, values);
  } else {
    const seen = values.get(path);
    if (seen) seen.push(value);
    else values.set(path, [value]);
  }
}

function subjectOf(interaction: PactInteraction, body: PactInteraction["bodies"][number]): string | undefined {
  const identified = schemaOfBody(interaction, body);
  if (!("schema" in identified)) return undefined;
  if (identified.schema === "OnCallCreatePayload") return "onCallCreate";
  if (identified.schema === "OnCallUpdatePayload") return "onCallUpdate";
  return identified.schema;
}

/** One pact file's consumer (`file`: the path a report shows), read; DiffInputError when it cannot be read or is no pact. */
function readPactConsumer(path: string, file: string): PactConsumer {
  let text: string;
  try {
    const stat = statSync(path);
    // a FIFO or device is not opened: reading one can wait forever
    if (!stat.isFile()) throw new DiffInputError(`${file}: not a regular file (it is ${fileKind(stat)})`);
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (error instanceof DiffInputError) throw error;
    throw new DiffInputError(`${file}: ${errorText(error)}`);
  }
  if (nestsDeeperThan(text)) throw new DiffInputError(`${file} nests deeper than ${MAX_NESTING} levels: no pact does`);
  const read = parsePactText(text);
  if (!read.ok) throw new DiffInputError(`${file}: ${problemText(read.problem).replace(/^invalid JSON: /, "not valid JSON: ")}`);
  const { pact } = read;
  const readers: PactReader[] = [];
  const unidentified: string[] = [];
  for (const interaction of pact.interactions) {
    for (const body of interaction.bodies) {
      if (body.producer !== "provider" || body.example === undefined) continue;
      const subject = subjectOf(interaction, body);
      if (!subject) {
        unidentified.push(interaction.description);
        continue;
      }
      const paths = new Set<string>();
      const values = new Map<string, unknown[]>();
      collectPaths(body.example, "$", paths, values);
      for (const rule of body.rules) paths.add(normalisePath(rule.path));
      const example = body.example as Record<string, unknown> | null;
      const envelope = BODY_TYPES.has(subject) && example && typeof example === "object" ? ("currentHost" in example ? "3.0" : "account_id" in example ? "2.x" : undefined) : undefined;
      readers.push({ interaction: interaction.description, subject, ...(envelope ? { envelope } : {}), paths, values });
    }
  }
  return { file, consumer: pact.consumer ?? basename(file), provider: pact.provider ?? "(unnamed provider)", readers, unidentified };
}

/**
 * The pact files given (files, or folders whose *.json files are pacts), read.
 * @example readPactConsumers(["contracts"]).map((p) => p.consumer) // ["fwcall-call-board", "fwcall-example-fdk-app"]
 */
export function readPactConsumers(paths: readonly string[], cwd = process.cwd()): PactConsumer[] {
  const files: string[] = [];
  for (const given of paths) {
    const path = resolve(cwd, given);
    if (statGiven(given, path, "pact file or folder").isDirectory()) {
      try {
        files.push(...pactFilesIn(path));
      } catch (error) {
        throw new DiffInputError(`${given}: the pact folder cannot be listed: ${(error as NodeJS.ErrnoException).code ?? errorText(error)}`);
      }
    } else files.push(path);
  }
  return files.map((path) => readPactConsumer(path, relative(cwd, path) || path));
}

const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const SKIP_DIRS = new Set(["node_modules", "dist", "build", "coverage", "generated"]);
/** Folders never searched for packages (a package named coverage or generated is still one). */
const PACKAGE_SKIP_DIRS = new Set(["node_modules", "dist", "build"]);
const MAX_FILES = 20_000;
const MAX_SOURCE_BYTES = 2 * 1024 * 1024;
/** An import of @fwcall/types (or a subpath): `from "…"`, `require("…")`, `import("…")`. */
const IMPORTS_TYPES = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|\bimport\s+)["']@fwcall\/types(?:\/[^"']*)?["']/;

/** A folder's entries; none when it cannot be listed (a consumer's unreadable corner is not the diff's business). */
function entriesOf(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

function sourceFiles(dir: string, out: string[], top: string): void {
  for (const entry of entriesOf(dir)) {
    if (out.length >= MAX_FILES) return;
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (SKIP_DIRS.has(entry.name)) continue;
      // A folder with a package.json of its own is another consumer, found (or not) on its own.
      if (path !== top && safeIsFile(join(path, "package.json"))) continue;
      sourceFiles(path, out, top);
    } else if (entry.isFile() && SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(path);
  }
}

/**
 * Source with its comments blanked (line breaks kept, so line numbers hold): a matcher named in a
 * comment is not a use. Strings and template literals are stepped over, so a `/*` or `//` inside
 * one starts no comment; a quote left open ends at its line, so a regex literal holding a quote
 * hides at most the rest of that line.
 */
function withoutComments(text: string): string {
  const n = text.length;
  const special = /\/[/*]|["'`]/g;
  let out = "";
  let last = 0;
  for (let match = special.exec(text); match; match = special.exec(text)) {
    const start = match.index;
    const token = match[0];
    let end: number;
    if (token === "//") {
      const close = text.indexOf("\n", start);
      end = close === -1 ? n : close;
      out += text.slice(last, start) + " ".repeat(end - start);
    } else if (token === "/*") {
      const close = text.indexOf("*/", start + 2);
      end = close === -1 ? n : close + 2;
      out += text.slice(last, start) + text.slice(start, end).replace(/[^\n]/g, " ");
    } else {
      let i = start + 1;
      while (i < n && text[i] !== token && (token === "`" || text[i] !== "\n")) i += text[i] === "\\" ? 2 : 1;
      end = Math.min(n, i + 1);
      out += text.slice(last, end);
    }
    last = end;
    special.lastIndex = end;
  }
  return out + text.slice(last);
}

function safeIsFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function packageName(dir: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: unknown };
    if (typeof pkg.name === "string") return pkg.name;
  } catch {
    // no package.json, or not JSON: the folder's name will do
  }
  return basename(dir) || dir;
}

/**
 * The folders among `dirs` whose source imports @fwcall/types and names one of `matchers`
 * (JavaScript and TypeScript files; node_modules, dist, build, coverage, generated and dot folders
 * skipped, and folders with a package.json of their own left to themselves).
 * @example findMatcherConsumers(["packages/example-fdk-app"], ["matchCallStatus"])[0]?.uses.get("matchCallStatus")
 */
export function findMatcherConsumers(dirs: readonly string[], matchers: readonly string[], cwd = process.cwd()): MatcherConsumer[] {
  // matcher names come from schema files, so they are escaped as text; an identifier character on either side makes another name
  const names = new RegExp(`(?<![\\w$])(${matchers.map((m) => m.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|")})(?![\\w$])`, "g");
  const found: MatcherConsumer[] = [];
  for (const given of dirs) {
    const dir = resolve(cwd, given);
    if (!statGiven(given, dir, "consumer folder").isDirectory()) throw new DiffInputError(`${given}: a consumer must be a folder (its package.json and source), not a file`);
    const files: string[] = [];
    // with no matcher to look for, no file can use one: the folder is not walked
    if (matchers.length > 0) sourceFiles(dir, files, dir);
    const uses = new Map<string, Array<{ file: string; line: number }>>();
    for (const file of files) {
      let text: string;
      try {
        if (statSync(file).size > MAX_SOURCE_BYTES) continue;
        text = withoutComments(readFileSync(file, "utf8"));
      } catch {
        continue; // gone or unreadable since it was listed
      }
      if (!IMPORTS_TYPES.test(text)) continue;
      const lines = text.split("\n");
      lines.forEach((line, i) => {
        for (const match of line.matchAll(names)) {
          const list = uses.get(match[1]!) ?? [];
          if (!list.some((u) => u.file === relative(cwd, file) && u.line === i + 1)) list.push({ file: relative(cwd, file), line: i + 1 });
          uses.set(match[1]!, list);
        }
      });
    }
    if (uses.size > 0) found.push({ name: packageName(dir), dir: relative(cwd, dir) || ".", uses });
  }
  return found;
}

/**
 * The package folders under `root` that depend on @fwcall/types (dependencies, devDependencies or
 * peerDependencies), @fwcall/types itself excepted: where exhaustive consumers are looked for by default.
 * @example typesDependents("/work/repo") // ["/work/repo/packages/example-fdk-app", …]
 */
export function typesDependents(root: string, maxDepth = 4): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    const manifest = join(dir, "package.json");
    if (safeIsFile(manifest)) {
      try {
        const pkg = JSON.parse(readFileSync(manifest, "utf8")) as Record<string, unknown>;
        const deps = ["dependencies", "devDependencies", "peerDependencies"].flatMap((k) => Object.keys((pkg[k] as object | undefined) ?? {}));
        if (pkg.name !== "@fwcall/types" && deps.includes("@fwcall/types")) out.push(dir);
      } catch {
        // a package.json that is not JSON is no consumer we can read
      }
    }
    if (depth >= maxDepth) return;
    for (const entry of entriesOf(dir)) {
      if (entry.isDirectory() && !entry.name.startsWith(".") && !PACKAGE_SKIP_DIRS.has(entry.name)) walk(join(dir, entry.name), depth + 1);
    }
  };
  walk(root, 0);
  return out.sort();
}
