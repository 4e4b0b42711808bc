// The typed registry of interaction names: every case id of the fixture matrix as a type, built
// from the same literal types the matrix is built from (directions, status names, update kinds),
// so that a misspelt interaction fails to compile. The id grammar itself is @fwcall/fixtures'
// (create/<direction>/<status>, update/<direction>/<status>/<kind>); test/case-ids.test.ts checks
// that this type and the runtime matrix list the same ids.
import { findCase, UnknownCaseError, type CaseCell, type UpdateKind } from "@fwcall/fixtures";
import type { CallStatusName, Direction } from "@fwcall/types";

/** camelCase → kebab-case, as the case ids spell status names ("inProgress" → "in-progress"). */
type KebabCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `-${Lowercase<Head>}`}${KebabCase<Tail>}`
  : S;

/** A status as case ids spell it: a documented status in kebab-case, or `unknown` (an undocumented code). */
export type StatusSlug = KebabCase<CallStatusName> | "unknown";

/** The id of an onCallCreate case, e.g. `create/incoming/connecting`. */
export type CreateCaseId = `create/${Direction}/${StatusSlug}`;

/** The id of an onCallUpdate case, e.g. `update/incoming/voicemail/recording`. */
export type UpdateCaseId = `update/${Direction}/${StatusSlug}/${UpdateKind}`;

/**
 * A case of the matrix, which also names its Pact interaction and provider state. Cells that
 * cannot happen are ids too (the matrix shows them as N/A); using one as an interaction throws.
 */
export type CaseId = CreateCaseId | UpdateCaseId;

/** The event a case id's first segment names. */
export type EventOfCase<Id extends CaseId> = Id extends CreateCaseId ? "onCallCreate" : "onCallUpdate";

/** A case that cannot happen was used as an interaction. */
export class NotApplicableCaseError extends Error {
  override name = "NotApplicableCaseError";
}

/**
 * Whether a string is a case id of the matrix (applicable or not): the runtime guard for ids that
 * come from outside the code, such as a pact file's descriptions.
 * @example isCaseId("update/incoming/missed/recording") // true; isCaseId("update/incoming/mised/recording") // false
 */
export function isCaseId(value: string): value is CaseId {
  try {
    findCase(value);
    return true;
  } catch (error) {
    if (error instanceof UnknownCaseError) return false;
    throw error;
  }
}

/**
 * The cell of a case that can happen; throws NotApplicableCaseError (with the matrix's reason)
 * for one that cannot, and UnknownCaseError for a string that is no case id at all.
 * @example applicableCell("create/incoming/missed") // throws: onCallCreate fires when the call starts, …
 */
export function applicableCell(id: CaseId | string): CaseCell {
  const cell = findCase(id);
  if (cell.notApplicable !== undefined) throw new NotApplicableCaseError(`case ${id} cannot happen, so it cannot be a Pact interaction: ${cell.notApplicable}`);
  return cell;
}

/**
 * The event of a case, typed by its id.
 * @example eventOfCase("create/outgoing/connecting") // "onCallCreate"
 */
export const eventOfCase = <Id extends CaseId>(id: Id): EventOfCase<Id> => findCase(id).event as EventOfCase<Id>;
