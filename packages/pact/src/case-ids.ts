// The typed registry of interaction names. The id grammar and its types (CaseId, isCaseId, …) are
// @fwcall/cases', re-exported here because every case id also names a Pact interaction; what
// this module adds is the Pact side: a case that cannot happen is no interaction.
import { findCase, type CaseCell, type CaseId, type EventOfCase } from "@fwcall/cases";

export { isCaseId, type CaseId, type CreateCaseId, type EventOfCase, type StatusSlug, type UpdateCaseId } from "@fwcall/cases";

/** A case that cannot happen was used as an interaction. */
export class NotApplicableCaseError extends Error {
  override name = "NotApplicableCaseError";
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
