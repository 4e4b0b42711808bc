// What the pact-to-schema check reports.
import type { BodySchema } from "../body-schemas.js";

/** One thing a consumer expects that the schemas do not promise (or promise only in part). */
export interface PactFinding {
  /** error: the schemas do not promise it; warning: they promise more than the consumer assumes, or it was not checked. */
  severity: "error" | "warning";
  /** The interaction's description. */
  interaction: string;
  /** Position of the interaction in the file, from 0. */
  index: number;
  /** Which body: "contents", "response body", "response 2 contents". */
  part: string;
  /** Pact JSON path of the place in the body, "$" for the whole body. */
  path: string;
  /**
   * Stable id: `example:<validator rule>` (the example breaks the schema), `field:undeclared`,
   * `matcher:type`, `matcher:narrower`, `matcher:format`, `matcher:unknown`, `regex:invalid`,
   * `regex:unsupported` (RE2 cannot run it), `regex:unchecked` (over the regex budget), `regex:no-value`,
   * `regex:narrower`, `regex:example`, `rule:path`, `rule:malformed`, `rule:unchecked` (past the walk budget),
   * `body:unidentified`, `body:unreadable`,
   * `json:duplicate-key` (a key twice in a body held as JSON text); against a provider document also
   * `provider:path`, `provider:method`, `provider:query`, `provider:header`, `provider:security`, `provider:status`,
   * `provider:content-type`, `provider:message`, `provider:no-schema` (see provider-doc/).
   */
  rule: string;
  message: string;
  /**
   * The schema the body was checked against: an fwcall schema's title (a BodySchema), or with a
   * provider document the place of the schema in it (`#/components/schemas/CallResponse`); undefined when none describes it.
   */
  schema: BodySchema | (string & {}) | undefined;
}

/** The outcome of checking one pact file. */
export interface PactCheck {
  consumer: string | undefined;
  provider: string | undefined;
  /** The pact specification version the file declares, or "unknown". */
  specification: string;
  interactions: number;
  /** Bodies checked against a schema. */
  checkedBodies: number;
  findings: PactFinding[];
  errors: number;
  warnings: number;
  /** No errors (warnings allowed). */
  ok: boolean;
}

/** Where a finding is: the fields every finding of one body shares. */
export type FindingPlace = Pick<PactFinding, "interaction" | "index" | "part" | "schema">;

/**
 * One line per finding: `<severity> "<interaction>" <part> <path>: <message> [<rule>]`.
 * @example formatFinding(finding) // 'error "update/incoming/missed/status-change" contents $.data.call.direction: … [regex:no-value]'
 */
export function formatFinding(finding: PactFinding): string {
  return `${finding.severity} "${finding.interaction}" ${finding.part} ${finding.path}: ${finding.message} [${finding.rule}]`;
}
