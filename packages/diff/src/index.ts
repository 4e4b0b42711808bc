// Public API of @fwcall/diff: what changed between two versions of fwcall's schemas, and which
// consumers (pact files, source using the exhaustive matchers of @fwcall/types) it breaks.
import { relative, resolve } from "node:path";
import { diffEnums, diffModels, type EnumChange, type SchemaChange } from "./changes.js";
import { findMatcherConsumers, readPactConsumers, typesDependents, type MatcherConsumer, type PactConsumer } from "./consumers.js";
import { judgeConsumers, type ConsumerVerdict } from "./judge.js";
import { gitRoot, isDirectory, readSchemaVersion, type SchemaVersion } from "./sources.js";

export { diffEnums, diffModels, type ChangeKind, type EnumChange, type SchemaChange } from "./changes.js";
export { findMatcherConsumers, normalisePath, readPactConsumers, typesDependents, type MatcherConsumer, type PactConsumer, type PactReader } from "./consumers.js";
export { BREAKS_READERS, judgeConsumers, type BreakReason, type ConsumerVerdict } from "./judge.js";
export { DiffInputError, gitRoot, readSchemaVersion, type SchemaVersion, type SourceOptions } from "./sources.js";
export { formatMarkdown, formatText, toJson } from "./format.js";

/** What `diffSchemas` compares and against whom. */
export interface DiffOptions {
  /** A folder or git revision (default `HEAD`). */
  base?: string;
  /** A folder or git revision (default: the working tree's schemas folder). */
  head?: string;
  /** Where paths and revisions are read from (default: the process's folder). */
  cwd?: string;
  /** The repository's schemas folder, for revisions and the working tree (default `schemas` under the git root). */
  schemasDir?: string;
  /** Pact files or folders (default: `contracts/` under the git root, when it exists). */
  pacts?: readonly string[];
  /** Source folders to search for exhaustive-matcher use (default: every package under the git root that depends on @fwcall/types). */
  consumers?: readonly string[];
}

/** The whole result: both versions, every change, and each consumer's verdict. */
export interface DiffReport {
  base: string;
  head: string;
  changes: SchemaChange[];
  enums: EnumChange[];
  verdicts: ConsumerVerdict[];
  /** Where consumers were looked for, so a report can say what it could not see. */
  searched: { pacts: string[]; consumers: string[] };
  /** Pact interactions no fwcall schema describes, per file (not judged). */
  unjudged: Array<{ file: string; interactions: string[] }>;
  /** Whether any consumer breaks: the command's exit 1. */
  broken: boolean;
}

/**
 * Compares two versions of the schemas and judges every consumer it can see.
 * Throws DiffInputError for input it cannot use (an unknown revision, a folder without schemas, a broken JSON file, a file that is no pact).
 * @example const report = diffSchemas({ base: "main" }); if (report.broken) console.log(formatText(report));
 */
export function diffSchemas(options: DiffOptions = {}): DiffReport {
  const cwd = options.cwd ?? process.cwd();
  const sourceOptions = { cwd, ...(options.schemasDir === undefined ? {} : { schemasDir: options.schemasDir }) };
  const base: SchemaVersion = readSchemaVersion(options.base ?? "HEAD", sourceOptions);
  const head: SchemaVersion = readSchemaVersion(options.head, sourceOptions);
  const changes = diffModels(base.model, head.model);
  const enums = diffEnums(base.model, head.model);
  const root = gitRoot(cwd) ?? cwd;
  const pactPaths = options.pacts ?? (isDirectory(`${root}/contracts`) ? [`${root}/contracts`] : []);
  const pacts: PactConsumer[] = readPactConsumers(pactPaths, cwd);
  const consumerDirs = options.consumers ?? typesDependents(root);
  const matcherNames = [...new Set([...base.model.enums.keys(), ...head.model.enums.keys()])].map((name) => `match${name}`);
  const matchers: MatcherConsumer[] = findMatcherConsumers(consumerDirs, matcherNames, cwd);
  const verdicts = judgeConsumers(changes, enums, { pacts, matchers });
  return {
    base: base.label,
    head: head.label,
    changes,
    enums,
    verdicts,
    searched: { pacts: pacts.map((p) => p.file), consumers: consumerDirs.map((dir) => relativeTo(cwd, dir)) },
    unjudged: pacts.filter((p) => p.unidentified.length > 0).map((p) => ({ file: p.file, interactions: p.unidentified })),
    broken: verdicts.some((v) => v.broken),
  };
}

const relativeTo = (cwd: string, dir: string) => relative(cwd, resolve(cwd, dir)) || ".";
