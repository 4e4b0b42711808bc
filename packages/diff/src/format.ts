// The diff report as a terminal listing, as Markdown for a pull-request comment, and as JSON.
import type { SchemaChange } from "./changes.js";
import type { DiffReport } from "./index.js";
import type { BreakReason } from "./judge.js";

/** The words a report uses for each kind of change. */
const KIND_WORDS: Record<string, string> = {
  "field-added-optional": "added optional field",
  "field-added-required": "added required field",
  "field-removed": "removed field",
  "field-made-required": "field made required",
  "field-made-optional": "field made optional",
  "type-narrowed": "type narrowed",
  "type-widened": "type widened",
  "type-changed": "type changed",
  "nullability-added": "nullability changed",
  "nullability-removed": "nullability changed",
  "enum-value-added": "enum value added",
  "enum-value-removed": "enum value removed",
  "enum-closed": "values limited",
  "enum-opened": "values opened",
  "constraint-tightened": "constraint tightened",
  "constraint-loosened": "constraint loosened",
  "constraint-changed": "constraint changed",
  "object-closed": "object closed",
  "object-opened": "object opened",
  "event-added": "event added",
  "event-removed": "event removed",
  "resource-added": "resource added",
  "resource-removed": "resource removed",
  "enum-removed": "enum removed",
  "enum-value-renamed": "enum value renamed",
};

/** A change as reports group it: one line per place in the schemas, with every body path it shows at. */
interface ChangeGroup {
  profiles: string[];
  kind: string;
  file: string;
  message: string;
  at: string[];
}

function groupChanges(changes: readonly SchemaChange[]): ChangeGroup[] {
  const byPlace = new Map<string, ChangeGroup>();
  for (const change of changes) {
    const key = `${change.kind}\u0000${change.origin.file}\u0000${change.message}`;
    const group = byPlace.get(key) ?? { profiles: [], kind: change.kind, file: change.origin.file, message: change.message, at: [] };
    if (!group.profiles.includes(change.profile)) group.profiles.push(change.profile);
    const at = `${change.subject} ${change.path}${change.envelopes ? ` (${change.envelopes.join(", ")} envelope only)` : ""}`;
    if (!group.at.includes(at)) group.at.push(at);
    byPlace.set(key, group);
  }
  return [...byPlace.values()];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const firstFew = (items: readonly string[], n: number) => (items.length <= n ? items.join(", ") : `${items.slice(0, n).join(", ")} and ${items.length - n} more`);
const profilesOf = (profiles: readonly string[]) => (profiles.length === 2 ? "both" : profiles.join(", "));

function reasonDetail(reason: BreakReason): string {
  if (reason.uses) return firstFew(reason.uses.map((u) => `${u.file}:${u.line}`), 3);
  return `${reason.subject} ${reason.path}; read by ${plural(reason.interactions?.length ?? 0, "interaction")}: ${firstFew(reason.interactions ?? [], 3)}`;
}

function summaryLine(report: DiffReport): string {
  const broken = report.verdicts.filter((v) => v.broken);
  if (broken.length > 0) return `${plural(broken.length, "consumer")} broken: ${broken.map((v) => v.name).join(", ")}`;
  return report.verdicts.length === 0 ? "no consumer found to judge" : `no consumer broken (${plural(report.verdicts.length, "consumer")} judged)`;
}

/**
 * The report for a terminal: the changes grouped by place, the enums' matchers, each consumer's verdict.
 * @example process.stdout.write(formatText(diffSchemas()))
 */
export function formatText(report: DiffReport): string {
  const lines = [`fwcall diff: ${report.base} → ${report.head}`, ""];
  const groups = groupChanges(report.changes);
  if (groups.length === 0) lines.push("No schema change.");
  else {
    lines.push(`Schema changes (${groups.length}; profile, kind, where, what):`);
    for (const group of groups) {
      lines.push(`  ${profilesOf(group.profiles).padEnd(8)} ${(KIND_WORDS[group.kind] ?? group.kind).padEnd(22)} ${group.file}: ${group.message}`);
      lines.push(`  ${" ".repeat(32)}at ${firstFew(group.at, 3)}`);
    }
  }
  if (report.enums.length > 0) {
    lines.push("", "Exhaustive matchers of @fwcall/types:");
    for (const e of report.enums) {
      const what = e.existence === "added" ? "new enum" : e.existence === "removed" ? "enum removed" : [e.added.length ? `gains ${e.added.map((v) => JSON.stringify(v)).join(", ")}` : "", e.removed.length ? `loses ${e.removed.map((v) => JSON.stringify(v)).join(", ")}` : "", e.renamed?.length ? `renames ${e.renamed.map((r) => `${JSON.stringify(r.value)} (${r.from} → ${r.to})`).join(", ")}` : ""].filter(Boolean).join("; ");
      lines.push(`  ${e.matcher} (${e.file}): ${what}`);
    }
  }
  lines.push("", "Consumers:");
  if (report.verdicts.length === 0) lines.push(`  none found (pacts searched: ${report.searched.pacts.length ? report.searched.pacts.join(", ") : "none"}; source searched: ${report.searched.consumers.length ? report.searched.consumers.join(", ") : "none"})`);
  for (const verdict of report.verdicts) {
    lines.push(`  ${verdict.broken ? "BROKEN" : "ok    "}  ${verdict.name} (${verdict.type === "pact" ? "pact" : "source"}: ${verdict.where})`);
    for (const reason of verdict.reasons) {
      lines.push(`          ${reason.message}${reason.uses ? "" : ` [${profilesOf(reason.profiles)}]`}`);
      lines.push(`            ${reasonDetail(reason)}`);
    }
  }
  for (const skipped of report.unjudged) lines.push(`  not judged in ${skipped.file}: ${firstFew(skipped.interactions, 3)} (no fwcall schema describes the body)`);
  lines.push("", `${summaryLine(report)}.`);
  return `${lines.join("\n")}\n`;
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

/**
 * The report as a pull-request comment: the verdict first, broken consumers with their reasons, the changes folded.
 * @example await github.rest.issues.createComment({ …, body: formatMarkdown(report) })
 */
export function formatMarkdown(report: DiffReport): string {
  const out = [`### fwcall diff: ${summaryLine(report)}`, "", `${code(report.base)} → ${code(report.head)}`, ""];
  if (report.verdicts.length > 0) {
    out.push("| consumer | kind | verdict | why |", "| --- | --- | --- | --- |");
    for (const verdict of report.verdicts) {
      const why = verdict.reasons.map((r) => `${cell(r.message)} (${cell(reasonDetail(r))})`).join("<br>");
      out.push(`| ${cell(verdict.name)} (${code(verdict.where)}) | ${verdict.type} | ${verdict.broken ? "**broken**" : "ok"} | ${why} |`);
    }
  } else {
    out.push("No consumer found: no pact file and no source that uses an exhaustive matcher of @fwcall/types.");
  }
  const groups = groupChanges(report.changes);
  out.push("", `<details><summary>${plural(groups.length, "schema change")}</summary>`, "");
  if (groups.length > 0) {
    out.push("| profile | change | where | what | at |", "| --- | --- | --- | --- | --- |");
    for (const group of groups) out.push(`| ${profilesOf(group.profiles)} | ${KIND_WORDS[group.kind] ?? group.kind} | ${code(group.file)} | ${cell(group.message)} | ${cell(firstFew(group.at, 3))} |`);
  }
  out.push("", "</details>", "");
  return out.join("\n");
}

/**
 * The report as plain JSON (sets and maps as arrays and objects), for `--json`.
 * @example JSON.stringify(toJson(report), null, 2)
 */
export function toJson(report: DiffReport): unknown {
  return JSON.parse(JSON.stringify(report));
}
