// Which branch each generated matcher (matchCallStatus, matchDirection, …) took, for whoever
// listens: coverage tools record it to tell "handled" from "fell through to unknown". The
// listener lives on globalThis so that every copy of this package in a process (source and
// built, ESM and CommonJS, an app in a sandbox) reports to the same place.

/** Called after each match with the enum's name, the branch taken and the value. */
export type MatchListener = (enumName: string, branch: string, value: unknown) => void;

const KEY = Symbol.for("fwcall.matchListener");
type Holder = { [KEY]?: MatchListener | undefined };

/**
 * Sets (or, with undefined, clears) the listener of every matcher; returns the previous one.
 * @example const previous = setMatchListener((e, branch) => taken.push(branch));
 */
export function setMatchListener(listener: MatchListener | undefined): MatchListener | undefined {
  const holder = globalThis as Holder;
  const previous = holder[KEY];
  holder[KEY] = listener;
  return previous;
}

/** Reports a match to the listener, if any. */
export function reportMatch(enumName: string, branch: string, value: unknown): void {
  (globalThis as Holder)[KEY]?.(enumName, branch, value);
}
