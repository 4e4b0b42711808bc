// The report as one self-contained HTML page: the matrix in colour with a legend, each matrix cell
// opening (details/summary) onto its cases, the failing cases first in line, and the lifecycle
// sequences. Inline CSS, no script, no external asset; every text escaped.
import { UPDATE_KINDS } from "@fwcall/cases";
import { COLUMNS, describeOutcome, excused as isExcused, excusedResults, failures, matrixOf, type CellState, type MatrixCell } from "./matrix.js";
import { OUTCOME_KINDS, type CellResult, type CoverageReport, type OutcomeKind, type SequenceResult } from "../types.js";
import { plural } from "../words.js";

/** Text as HTML (content or attribute value). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

const e = escapeHtml;

const STYLE = `
:root { color-scheme: light; --ok: #1a7f37; --ok-bg: #dafbe1; --ign: #0b6e8a; --ign-bg: #d8f3fb; --bad: #b42318; --bad-bg: #fde2e1;
  --allow: #8a5a00; --allow-bg: #fff1c2; --na: #6b7280; --na-bg: #f1f2f4; --line: #d8dbe0; --ink: #1f2328; --soft: #57606a; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0; background: #fafbfc; }
main { max-width: 1100px; margin: 0 auto; padding: 28px 24px 64px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 32px 0 10px; }
.meta { color: var(--soft); margin: 0 0 18px; }
.verdict { display: inline-block; font-weight: 600; padding: 6px 12px; border-radius: 6px; margin-bottom: 18px; }
.verdict.ok { background: var(--ok-bg); color: var(--ok); } .verdict.failed { background: var(--bad-bg); color: var(--bad); }
.chips { display: flex; flex-wrap: wrap; gap: 8px; margin: 0 0 8px; padding: 0; list-style: none; }
.chips li { padding: 4px 10px; border-radius: 999px; font-size: 13px; }
ul.chips li.none { background: var(--na-bg); color: var(--na); }
table.matrix { border-collapse: separate; border-spacing: 3px; width: 100%; }
.matrix th { font-weight: 600; text-align: left; padding: 4px 8px; font-size: 13px; color: var(--soft); }
.matrix th.group { text-align: center; color: var(--ink); border-bottom: 2px solid var(--line); }
.matrix th.row { color: var(--ink); white-space: nowrap; }
.matrix td { padding: 0; border-radius: 6px; vertical-align: top; min-width: 150px; }
.matrix details > summary { cursor: pointer; padding: 7px 10px; font-variant-numeric: tabular-nums; font-weight: 600; list-style: none; }
.matrix details > summary::-webkit-details-marker { display: none; }
.matrix details[open] > summary { border-bottom: 1px solid rgba(0,0,0,.08); }
.matrix ul { margin: 0; padding: 6px 10px 8px; list-style: none; font-size: 12.5px; }
.matrix li { margin: 4px 0; }
.handled { background: var(--ok-bg); color: var(--ok); } .ignored { background: var(--ign-bg); color: var(--ign); }
.failing, .unhandled, .threw, .timed-out, .crashed { background: var(--bad-bg); color: var(--bad); }
.allowed { background: var(--allow-bg); color: var(--allow); } .na, .not-applicable { background: var(--na-bg); color: var(--na); }
.tag { display: inline-block; font-size: 11px; font-weight: 600; padding: 0 6px; border-radius: 4px; margin-right: 4px; border: 1px solid currentColor; }
.why { color: var(--ink); opacity: .85; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; font-size: 13px; color: var(--soft); margin: 10px 0 0; }
.legend span.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; vertical-align: -1px; margin-right: 5px; }
.cases { list-style: none; padding: 0; margin: 0; }
.cases > li { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--bad); border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
.cases > li.excused { border-left-color: var(--allow); }
.cases .label { font-weight: 600; } .cases .id { color: var(--soft); font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
pre { background: #f6f8fa; padding: 8px; border-radius: 6px; overflow-x: auto; font-size: 12px; margin: 6px 0 0; white-space: pre-wrap; }
table.seq { border-collapse: collapse; width: 100%; font-size: 13px; background: #fff; }
.seq td, .seq th { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
.seq summary { cursor: pointer; }
`;

const STATE_TEXT: Record<CellState, string> = {
  handled: "every case handled",
  ignored: "no failure; some cases ignored on purpose",
  failing: "some case unhandled, threw, timed out or crashed",
  allowed: "failures excused by the allowlist only",
  na: "cannot happen, or not subscribed",
};

const KIND_TEXT: Record<OutcomeKind, string> = { handled: "handled", ignored: "ignored", unhandled: "unhandled", threw: "threw", "timed-out": "timed out", crashed: "crashed", "not-applicable": "N/A" };

function outcomeWords(result: CellResult | SequenceResult): string {
  const text = describeOutcome(result.outcome);
  const colon = text.indexOf(": ");
  return colon === -1 ? "" : text.slice(colon + 2);
}

function caseItem(cell: CellResult): string {
  const name = cell.kind === null ? "create" : (UPDATE_KINDS.find((k) => k.kind === cell.kind)?.label ?? cell.kind);
  const allowed = isExcused(cell);
  const cls = allowed ? "allowed" : cell.outcome.kind;
  const words = outcomeWords(cell);
  return `<li><span class="tag ${e(cls)}">${e(allowed ? `allowed ${KIND_TEXT[cell.outcome.kind]}` : KIND_TEXT[cell.outcome.kind])}</span>${e(name)}${words ? ` <span class="why">— ${e(words)}</span>` : ""}${allowed ? ` <span class="why">(allowed: ${e(cell.allowed ?? "")})</span>` : ""}</li>`;
}

function matrixCell(cell: MatrixCell): string {
  const title = `${cell.column.event} ${cell.column.direction}: ${STATE_TEXT[cell.state]}`;
  const open = cell.state === "failing" ? " open" : "";
  return `<td class="${cell.state}" title="${e(title)}"><details${open}><summary>${e(cell.text)}</summary><ul>${cell.cells.map(caseItem).join("")}</ul></details></td>`;
}

function resultItem(result: CellResult | SequenceResult, excused: boolean): string {
  const logs = "logs" in result && result.logs?.length ? `<pre>${e(result.logs.join("\n"))}</pre>` : "";
  const allowed = excused ? `<div class="why">allowed: ${e(result.allowed ?? "")}</div>` : "";
  return `<li class="${excused ? "excused" : ""}"><div class="label">${e(result.label)}</div><div class="id">${e(result.id)}</div><div>${e(describeOutcome(result.outcome))}</div>${allowed}${logs}</li>`;
}

function chips(summary: CoverageReport["summary"]): string {
  // A zero count is grey whatever its kind: "0 threw" is good news, not an alarm.
  return `<ul class="chips">${OUTCOME_KINDS.map((kind) => `<li class="${kind}${summary[kind] === 0 ? " none" : ""}">${summary[kind]} ${e(KIND_TEXT[kind])}</li>`).join("")}</ul>`;
}

function sequencesSection(report: CoverageReport): string {
  if (!report.sequences?.length || !report.sequenceSummary) return "";
  const rows = report.sequences
    .map((s) => {
      const allowed = isExcused(s);
      const cls = allowed ? "allowed" : s.outcome.kind;
      const events = s.events.map((ev) => `<li>${ev.index + 1}. ${e(ev.event)} (status ${ev.status}): ${e(describeOutcome(ev.outcome))}</li>`).join("");
      return `<tr><td><span class="tag ${e(cls)}">${e(allowed ? "allowed" : KIND_TEXT[s.outcome.kind])}</span></td><td><details><summary>${e(s.label)}</summary><ol class="cases" style="margin:6px 0 0">${events}</ol></details></td><td>${e(outcomeWords(s))}</td></tr>`;
    })
    .join("\n");
  return `<h2>Lifecycle sequences</h2>${chips(report.sequenceSummary)}<table class="seq"><thead><tr><th>outcome</th><th>sequence</th><th>detail</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

/** The payload paths each event's handler read, with in how many cases (a run with usage). */
function usageSection(report: CoverageReport): string {
  if (!report.usage) return "";
  const usage = report.usage;
  const tables = (["onCallCreate", "onCallUpdate"] as const)
    .flatMap((event) => {
      const ofEvent = usage.events[event];
      if (!ofEvent) return [];
      const rows = ofEvent.paths.map((path) => `<tr><td><code>${e(path)}</code></td><td>${ofEvent.counts[path]} / ${ofEvent.cases}</td></tr>`).join("");
      return [`<h3>${e(event)}: ${plural(ofEvent.paths.length, "path")} over ${plural(ofEvent.cases, "case")}</h3>${ofEvent.paths.length ? `<table class="seq"><thead><tr><th>path</th><th>cases that read it</th></tr></thead><tbody>${rows}</tbody></table>` : `<p class="meta">The handler read nothing of its payload.</p>`}`];
    })
    .join("\n");
  const capped = usage.truncated.length ? `<p class="meta">${plural(usage.truncated.length, "case")} read more than ${usage.maxPathsPerCase} paths: only the first are listed (${e(usage.truncated.join(", "))}).</p>` : "";
  return `<h2>Payload paths read</h2><p class="meta">Arrays collapse to []; an object's path is listed when nothing under it was read; iparams are not tracked (installation settings, not event data). Each case's own paths are in the JSON report (cells[].reads).</p>${capped}\n${tables}`;
}

/**
 * The report as one self-contained HTML page.
 * @example writeFileSync("coverage.html", formatHtml(report))
 */
export function formatHtml(report: CoverageReport): string {
  const rows = matrixOf(report)
    .map((row) => `<tr><th class="row" scope="row">${e(row.status.label)}</th>${row.cells.map(matrixCell).join("")}</tr>`)
    .join("\n");
  const failing = failures(report);
  const excused = excusedResults(report);
  const legend = (Object.keys(STATE_TEXT) as CellState[]).map((state) => `<span><span class="swatch ${state}"></span>${e(STATE_TEXT[state])}</span>`).join("");
  const verdict = report.ok
    ? `<div class="verdict ok">OK: every case is handled, ignored on purpose, or allowed with a reason</div>`
    : `<div class="verdict failed">FAILED: ${plural(failing.length, "case")} unhandled, threw, timed out or crashed outside the allowlist</div>`;
  const problems = report.problems?.length ? `<p>Problems outside any case:</p><ul>${report.problems.map((p) => `<li>${e(p)}</li>`).join("")}</ul>` : "";
  const groups = ["onCallCreate", "onCallUpdate"].map((event) => `<th class="group" colspan="${COLUMNS.filter((c) => c.event === event).length}" scope="colgroup">${e(event)}</th>`).join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(`fwcall coverage: ${report.target}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>fwcall coverage: ${e(report.target)}</h1>
<p class="meta">platform ${e(report.platform)} · seed ${report.seed} · ${report.cells.length} cells${report.sequences ? ` · ${report.sequences.length} lifecycle sequences` : ""} · ${(report.durationMs / 1000).toFixed(2)} s</p>
${verdict}${problems}
${chips(report.summary)}
<h2>Status × event and direction</h2>
<table class="matrix">
<thead><tr><th></th>${groups}</tr><tr><th scope="col">status</th>${COLUMNS.map((c) => `<th scope="col">${e(c.direction)}</th>`).join("")}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
<div class="legend">${legend}</div>
<p class="meta">Each cell counts the cases handled or ignored on purpose among those that can happen (an update column folds the six update kinds); open it for every case.</p>
${failing.length ? `<h2>Failing (${failing.length})</h2><ul class="cases">${failing.map((r) => resultItem(r, false)).join("\n")}</ul>` : ""}
${excused.length ? `<h2>Allowed by ${e(report.allowlist?.source ?? "the allowlist")} (${excused.length})</h2><ul class="cases">${excused.map((r) => resultItem(r, true)).join("\n")}</ul>` : ""}
${report.allowlist?.unused.length ? `<p class="meta">Allowlist entries that excused nothing (stale, or a typo): ${e(report.allowlist.unused.join(", "))}</p>` : ""}
${sequencesSection(report)}
${usageSection(report)}
</main>
</body>
</html>
`;
}
