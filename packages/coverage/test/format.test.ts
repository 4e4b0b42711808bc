import { describe, expect, it } from "vitest";
import { applicableCases, caseMatrix } from "@fwcall/cases";
import { formatHtml, formatJson, formatJunit, formatTerminal, runCoverage, type CoverageReport } from "../src/index.js";
import { IPARAMS, SECRET, app, manifest3, withFiles, MODULES } from "./helpers.js";


/** An app whose words try to break out of every format, and which leaks its API key everywhere it can. */
function hostileApp(): string {
  return withFiles({
    "manifest.json": manifest3({ onCallCreate: "h", onCallUpdate: "u" }),
    "server/server.js": `exports = {
      h(p) { console.log("key=" + p.iparams.api_key); return { outcome: "ignored", reason: '<script>alert("x")</script> & ]]> \\u0001 ' + p.iparams.api_key }; },
      u(p) { if (p.data.call.participants[0].call_status === 3) throw new Error("</failure><b>" + p.iparams.api_key); return { outcome: "handled" }; },
    };`,
  });
}

const allFormats = (report: CoverageReport) => [formatTerminal(report, { color: true }), formatTerminal(report), formatJson(report), formatJunit(report), formatHtml(report)];

describe("the terminal report", () => {
  it("draws one row per status and one column per event and direction", async () => {
    const report = await runCoverage(app("matcher-gap-app"), { modules: MODULES });
    const text = formatTerminal(report, { color: false });
    expect(text).toMatch(/^\s+onCallCreate\s+onCallUpdate$/m);
    expect(text).toMatch(/^status\s+incoming\s+outgoing\s+incoming\s+outgoing$/m);
    expect(text).toMatch(/^voicemail \(10\)\s+N\/A\s+N\/A\s+0\/6 ✗6\s+N\/A$/m);
    expect(text).toMatch(/^connecting \(13\)\s+1\/1 ✓\s+1\/1 ✓\s+3\/3 ✓\s+3\/3 ✓$/m);
    expect(text).toMatch(/^undocumented \(7\)\s+1\/1 ✓\s+1\/1 ✓\s+6\/6 ✓\s+6\/6 ✓$/m);
    const rows = text.split("\n").filter((line) => /^\S.*\(\d+\)\s/.test(line));
    expect(rows).toHaveLength(16);
    expect(text).toContain(`${caseMatrix().length} cells: ${applicableCases().length - 6} handled, 0 ignored, 6 unhandled, 0 threw, 0 timed out, 0 crashed, ${caseMatrix().length - applicableCases().length} not applicable`);
    expect(text).toContain("  ✗ 6 cases: onCallUpdate incoming: voicemail (10)\n      unhandled: CallStatus fell through to unknown for documented status 10");
    expect(text).not.toContain("recording attached");
    expect(formatTerminal(report, { verbose: true })).toContain("  ✗ onCallUpdate > incoming > voicemail (10) > recording attached\n      unhandled: CallStatus fell through to unknown for documented status 10");
    expect(text).toContain("FAILED: 6 cases unhandled, threw, timed out or crashed outside the allowlist.");
    expect(text).not.toContain("\u001b[");
  });

  it("marks allowed failures and stale allowlist entries, and colours when asked", async () => {
    const report = await runCoverage(app("blackbox-app"), { responses: { createTicket: { id: 1 } } });
    const text = formatTerminal(report, { color: false });
    expect(text).toMatch(/^disconnected \(5\)\s+N\/A\s+N\/A\s+1\/6 ✗5 ~1\s+0\/6 ✗6$/m);
    expect(text).toMatch(/^in progress \(8\)\s+1\/1 ✓\s+1\/1 ✓\s+3\/3 ~3\s+3\/3 ~3$/m);
    expect(formatTerminal(report, { verbose: true })).toContain("allowed: the cleanup template is not deployed yet");
    expect(text).toContain("Allowlist entries that excused nothing (stale, or a typo): update/outgoing/answered/recording");
    const coloured = formatTerminal(report, { color: true });
    expect(coloured).toContain("\u001b[31m");
    expect(coloured).toContain("\u001b[32m");
    expect(coloured).toContain("\u001b[33m");
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, "")).toBe(text);
  });

  it("fits a first run on an ordinary app on one screen: reasons grouped with counts, and how to mark a case ignored", async () => {
    const dir = withFiles({
      "manifest.json": manifest3({ onCallCreate: "c", onCallUpdate: "u" }),
      "server/server.js": "exports = { c(p) { console.log('call', p.data.call.id); }, u(p) { renderData(); } };",
    });
    const report = await runCoverage(dir);
    const text = formatTerminal(report, { command: `fwcall coverage ${dir}` });
    expect(text.split("\n").length).toBeLessThan(50);
    const failing = applicableCases().length;
    expect(text).toContain(`Failing (${failing}):\n  ✗ ${failing} cases: onCallCreate: every status; onCallUpdate: every status\n      unhandled: no side effect and no outcome\n`);
    expect(text).toContain(`To see each case: fwcall coverage ${dir} --verbose, or the JSON or HTML report`);
    expect(text).toContain('return (or renderData(null, …)) { outcome: "ignored", reason: "<why>" } from the handler');
    expect(text).toContain(`fwcall coverage ${dir} --write-allowlist writes a starting one`);
    expect(formatTerminal(report, { verbose: true }).split("\n").length).toBeGreaterThan(2 * failing);
  });

  it("says OK when nothing fails", async () => {
    const report = await runCoverage(app("inline-matcher-app"));
    expect(formatTerminal(report)).toContain("OK: every case is handled, ignored on purpose, or allowed with a reason.");
  });

  it("summarises lifecycle sequences", async () => {
    const report = await runCoverage(app("inline-matcher-app"), { sequences: { maxLength: 2 } });
    expect(formatTerminal(report)).toMatch(/^\d+ lifecycle sequences: \d+ handled/m);
  });
});

describe("the JSON report", () => {
  it("is the report itself", async () => {
    const report = await runCoverage(app("matcher-gap-app"), { modules: MODULES });
    expect(JSON.parse(formatJson(report))).toEqual(report);
  });
});

/** A small XML well-formedness check: tags nest, attributes are quoted, no raw `<` or `&` in text. */
function checkXml(xml: string): void {
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, "");
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let match: RegExpExecArray | null;
  let at = 0;
  while ((match = token.exec(body))) {
    at = token.lastIndex;
    const [, close, name, , selfClose, text] = match;
    if (text !== undefined) {
      expect(text).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
      continue;
    }
    if (close) expect(stack.pop()).toBe(name);
    else if (!selfClose) stack.push(name!);
  }
  expect(at).toBe(body.length);
  expect(stack).toEqual([]);
}

describe("the JUnit report", () => {
  it("has one testcase per cell, failures for what fails the run, and no skipped case", async () => {
    const report = await runCoverage(app("blackbox-app"), { responses: { createTicket: { id: 1 } } });
    const xml = formatJunit(report);
    checkXml(xml);
    expect(xml.match(/<testcase /g)).toHaveLength(caseMatrix().length);
    const failing = report.cells.filter((c) => ["unhandled", "threw", "timed-out"].includes(c.outcome.kind) && c.allowed === null).length;
    expect(xml.match(/<failure /g)).toHaveLength(failing);
    expect(xml).toContain(`<testsuites name="fwcall coverage" tests="${caseMatrix().length}" failures="${failing}" errors="0" skipped="0"`);
    expect(xml).not.toContain("<skipped");
    expect(xml).toContain('classname="onCallUpdate.incoming" name="onCallUpdate &gt; incoming &gt; missed (3) &gt; recording attached"');
    expect(xml).toMatch(/name="onCallCreate &gt; outgoing &gt; queued \(6\)" time="0.000">\n\s+<system-out>not applicable: only incoming calls are routed to a call queue<\/system-out>/);
    expect(xml).toContain("<system-out>allowed by the allowlist: the cleanup template is not deployed yet");
  });

  it("adds a suite for lifecycle sequences", async () => {
    const report = await runCoverage(app("blackbox-app"), { sequences: { maxLength: 2 }, allowlist: false });
    const xml = formatJunit(report);
    checkXml(xml);
    expect(xml).toContain('classname="lifecycle.incoming" name="lifecycle &gt; incoming &gt; connecting → missed &gt; in order"');
  });
});

describe("the HTML report", () => {
  it("is one self-contained page with the matrix, a legend and per-cell details", async () => {
    const report = await runCoverage(app("blackbox-app"), { responses: { createTicket: { id: 1 } }, sequences: { maxLength: 2 } });
    const html = formatHtml(report);
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain("<style>");
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|href=|url\(|@import/i);
    expect(html.match(/<th class="row" scope="row">/g)).toHaveLength(16);
    expect(html.match(/<td class="(handled|ignored|failing|allowed|na)"/g)).toHaveLength(64);
    expect(html).toContain('<td class="failing" title="onCallUpdate incoming: some case unhandled, threw, timed out or crashed"><details open><summary>1/6 ✗5 ~1</summary>');
    expect(html).toContain("cannot happen, or not subscribed");
    expect(html).toContain("Lifecycle sequences");
    expect(html).toContain("FAILED:");
    expect(Object.values(report.summary), "some count is zero").toContain(0);
    for (const [kind, count] of Object.entries(report.summary)) {
      expect(html, kind).toContain(`<li class="${kind}${count === 0 ? " none" : ""}">${count} `);
    }
  });
});

describe("every format", () => {
  it("escapes what the handler says and never shows an iparams value", async () => {
    const report = await runCoverage(hostileApp(), { iparams: IPARAMS });
    for (const text of allFormats(report)) expect(text).not.toContain(SECRET);
    const html = formatHtml(report);
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ]]&gt;");
    expect(html).not.toContain("<b>");
    const xml = formatJunit(report);
    checkXml(xml);
    expect(xml).not.toContain("\u0001");
    expect(xml).toContain("&lt;/failure&gt;&lt;b&gt;[redacted iparam]");
  });
});
