// The report as JSON: the CoverageReport itself, for tools and for diffing runs.
import type { CoverageReport } from "../types.js";

/**
 * The report as pretty-printed JSON (it holds no iparams values: every text from a handler is redacted).
 * @example writeFileSync("coverage.json", formatJson(report))
 */
export function formatJson(report: CoverageReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
