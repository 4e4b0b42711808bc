// A consumer's pact against a provider document, as bi-directional contract testing holds them:
// every interaction's expectations must be promised by the document. An HTTP interaction's request
// must name an operation (path, method, query parameters and headers it declares), its response
// status must be documented for that operation, and its body's example, fields and matchers are held
// against the response schema by the same machinery as the schema check. A message must map to a
// message of an AsyncAPI document (by its description, provider states, metadata or the call event
// it carries) whose payload promises its contents. Findings and counts are the schema check's.
import { pointerToPath } from "../json-path.js";
import { isJsonObject } from "../json.js";
import { readPact, type PactBody, type PactInteraction } from "../pact-file.js";
import { PactRegexes } from "../pact-regex.js";
import { nodeShapes, type Shape } from "../schema-shape.js";
import { checkRule, findingsCollector, pactCheck, reportBodyProblems, walkExample, WALK_BUDGET, type CheckBudgets, type Report } from "../check/check-pact.js";
import { holdsPointer } from "../check/complete-example.js";
import type { FindingPlace, PactCheck } from "../check/findings.js";
import { schemaOfBody } from "../check/identify.js";
import { eventOfSchema } from "../body-schemas.js";
import type { ProviderDocument } from "./document.js";
import { exampleValidator, type ExampleValidator } from "./example-validator.js";
import { matchHttpInteraction } from "./openapi.js";
import { asyncApiMessages, type DocumentMessage } from "./asyncapi.js";

type Json = Record<string, unknown>;

/** A provider document made ready for checks: its schema shapes and example validator. */
export interface PreparedProvider {
  doc: ProviderDocument;
  validate: ExampleValidator;
}

/** One body's view in the document: the schema that promises it, and a looser one Freshworks is seen to send (x-fwcall-lenient-payload), if named. */
export interface BodyPromise {
  /** Where the schema is, for messages: `#/components/schemas/CallResponse`. */
  name: string;
  schema: unknown;
  lenient: unknown;
}

type Finding = Parameters<Report>;

/**
 * A body against the schema the document promises for it: the example validated (what only the
 * strict schema refuses is a warning when a lenient one accepts it), every field declared, every
 * rule's matchers fitting the schema at its path.
 */
function checkBodyAgainst(body: PactBody, promise: BodyPromise, provider: PreparedProvider, shapes: (node: unknown) => Shape, budgets: CheckBudgets, report: Report): void {
  const strict = shapes(provider.doc.linked(promise.schema));
  const lenient = promise.lenient === undefined ? strict : shapes(provider.doc.linked(promise.lenient));
  if (body.example !== undefined) {
    const strictProblems = provider.validate(promise.schema, body.example);
    const lenientProblems = promise.lenient === undefined ? strictProblems : provider.validate(promise.lenient, body.example);
    if ("unchecked" in strictProblems) report("warning", "$", "example:unchecked", `the example is not validated: ${strictProblems.unchecked}`);
    else {
      const refusedByLenient = new Set("unchecked" in lenientProblems ? [] : lenientProblems.map((p) => `${p.pointer}\u0000${p.message}`));
      for (const problem of strictProblems) {
        if (!holdsPointer(body.example, problem.pointer)) continue;
        const severity = promise.lenient === undefined || refusedByLenient.has(`${problem.pointer}\u0000${problem.message}`) ? "error" : "warning";
        const note = severity === "warning" ? " (the document's lenient payload accepts it: Freshworks sends it, but the documented contract does not promise it)" : "";
        report(severity, pointerToPath(problem.pointer, body.example), `example:schema:${problem.keyword}`, `the example ${problem.message} under ${promise.name}${note}`);
      }
    }
    walkExample(lenient, body.example, [], promise.name, report);
  }
  for (const rule of body.rules) checkRule(rule, { lenient, strict }, body.example, promise.name, report, budgets);
}

/** Checks a body against each candidate and keeps the findings of the one that promises it best (fewest errors, then fewest warnings). */
function checkAgainstBest(body: PactBody, candidates: ReadonlyArray<BodyPromise>, provider: PreparedProvider, shapes: (node: unknown) => Shape, budgets: CheckBudgets): { promise: BodyPromise; findings: Finding[] } {
  let best: { promise: BodyPromise; findings: Finding[]; errors: number } | undefined;
  for (const promise of candidates) {
    const findings: Finding[] = [];
    checkBodyAgainst(body, promise, provider, shapes, budgets, (...finding) => findings.push(finding));
    const errors = findings.filter((f) => f[0] === "error").length;
    if (!best || errors < best.errors || (errors === best.errors && findings.length < best.findings.length)) best = { promise, findings, errors };
    if (findings.length === 0) break;
  }
  return best!;
}

/** The texts a message interaction is named by: description, provider states, metadata values. */
function namesOf(interaction: PactInteraction): string[] {
  return [interaction.description, ...interaction.providerStates, ...Object.values(interaction.metadata).filter((v): v is string => typeof v === "string")];
}

/** The document's messages this interaction maps to: by a name in its texts, else by the call event fwcall identifies in it. */
function messagesFor(interaction: PactInteraction, body: PactBody, messages: readonly DocumentMessage[]): DocumentMessage[] {
  const texts = namesOf(interaction);
  const named = (name: string) => name !== "" && texts.some((text) => text === name || text.split(/[\s/:,;()]+/).includes(name));
  const byName = messages.filter((m) => m.names.some(named));
  if (byName.length > 0) return byName;
  const identified = schemaOfBody(interaction, body);
  const event = "schema" in identified ? eventOfSchema(identified.schema) : undefined;
  const eventField = isJsonObject(body.example) && typeof body.example.event === "string" ? body.example.event : undefined;
  return messages.filter((m) => (event !== undefined && m.names.includes(event)) || (eventField !== undefined && m.names.includes(eventField)));
}

/**
 * Checks a pact file (its parsed JSON) against a provider document read by readProviderDocument
 * and prepared by prepareProvider. Throws NotAPactError for JSON that is not a pact file.
 * @example
 * const provider = await prepareProvider(await readProviderDocument(readFileSync("openapi.json", "utf8"), "openapi.json"));
 * const result = checkPactAgainstProvider(JSON.parse(readFileSync("contracts/board-api.json", "utf8")), provider);
 * for (const finding of result.findings) console.log(formatFinding(finding));
 */
export function checkPactAgainstProvider(json: unknown, provider: PreparedProvider): PactCheck {
  const pact = readPact(json);
  const raw = rawInteractions(json);
  const collector = findingsCollector();
  const shapes = nodeShapes();
  const budgets: CheckBudgets = { regexes: new PactRegexes(), walk: { left: WALK_BUDGET } };
  const messages = provider.doc.kind === "asyncapi" ? asyncApiMessages(provider.doc) : [];
  provider.validate.startRun();
  let checkedBodies = 0;
  for (const interaction of pact.interactions) {
    const place = (part: string): FindingPlace => ({ interaction: interaction.description, index: interaction.index, part, schema: undefined });
    if (interaction.kind === "Synchronous/HTTP") {
      if (provider.doc.kind !== "openapi") {
        collector.reporter(place("request"))("error", "$", "provider:message", `an HTTP interaction (${interaction.http!.method} ${interaction.http!.path}), but the provider document is an AsyncAPI document, which describes no HTTP operations`);
        continue;
      }
      const matched = matchHttpInteraction(interaction, raw[interaction.index], provider, collector.reporter);
      if (matched === undefined) continue;
      for (const body of interaction.bodies) {
        if (body.producer !== "provider") continue; // what a consumer sends is held by the request's own checks
        const where = place(body.part);
        const report = collector.reporter(where);
        if (!reportBodyProblems(body, report)) continue;
        const promise = matched.bodyPromise(body, report);
        if (promise === undefined) continue;
        where.schema = promise.name;
        checkedBodies++;
        checkBodyAgainst(body, promise, provider, shapes, budgets, report);
      }
      continue;
    }
    if (provider.doc.kind !== "asyncapi") {
      collector.reporter(place("contents"))("error", "$", "provider:message", "a message interaction, but the provider document is an OpenAPI document, which describes no messages (give an AsyncAPI document)");
      continue;
    }
    for (const body of interaction.bodies) {
      if (body.producer !== "provider") continue;
      const where = place(body.part);
      const report = collector.reporter(where);
      if (!reportBodyProblems(body, report)) continue;
      const candidates = messagesFor(interaction, body, messages);
      if (candidates.length === 0) {
        const listed = messages.map((m) => m.label).join(", ") || "none";
        report("error", "$", "provider:message", `no message of the AsyncAPI document is this interaction's (by its description, provider states, metadata or the event it carries); the document has ${listed}`);
        continue;
      }
      const withPayload = candidates.filter((m) => m.payload !== undefined);
      if (withPayload.length === 0) {
        report("error", "$", "provider:no-schema", `the message ${candidates[0]!.label} has no payload schema, so nothing promises the contents the consumer expects`);
        continue;
      }
      const best = checkAgainstBest(body, withPayload.map((m) => ({ name: m.payloadName, schema: m.payload, lenient: m.lenient })), provider, shapes, budgets);
      where.schema = best.promise.name;
      checkedBodies++;
      for (const finding of best.findings) report(...finding);
    }
  }
  return pactCheck(pact, collector.findings, checkedBodies);
}

/** The file's interactions (or V3 messages) as written, by position: the request's query and headers, which the pact model leaves out. */
function rawInteractions(json: unknown): unknown[] {
  if (!isJsonObject(json)) return [];
  const list = Array.isArray(json.interactions) ? json.interactions : Array.isArray(json.messages) ? json.messages : [];
  return list as Json[];
}

/**
 * A provider document made ready for checks (its example validator compiled lazily, ajv loaded now).
 * @example const provider = await prepareProvider(await readProviderDocument(text, "asyncapi.yaml"));
 */
export async function prepareProvider(doc: ProviderDocument): Promise<PreparedProvider> {
  return { doc, validate: await exampleValidator(doc) };
}
