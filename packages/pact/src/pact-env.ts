// Pact's native library reports usage (with DNS look-ups) unless told not to. fwcall's helpers opt
// out before they touch it, leaving an explicit choice in the environment alone.

/** Sets PACT_DO_NOT_TRACK=true unless the environment already says something. */
export function ensurePactDoesNotTrack(): void {
  process.env.PACT_DO_NOT_TRACK ??= "true";
}
