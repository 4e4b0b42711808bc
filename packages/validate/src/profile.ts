// docs/decisions/0007-two-validation-profiles.md: the two validation profiles, by name.

/**
 * `lenient` accepts what Freshworks really sends and reports drift as warnings;
 * `strict` enforces the documented contract.
 */
export type Profile = "lenient" | "strict";

/** The profile used when none is asked for. */
export const DEFAULT_PROFILE: Profile = "lenient";

/** The names of every profile. */
export const PROFILES: readonly Profile[] = ["lenient", "strict"];
