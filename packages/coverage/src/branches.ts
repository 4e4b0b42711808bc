// Which matcher branches ran during one invocation. The generated matchers of @fwcall/types report
// to one listener on globalThis, so invocations take turns: one at a time in the process, each
// with its own record, and whatever listener was set before is kept and called too.
import { setMatchListener, type MatchListener } from "@fwcall/types";

/** One branch a matcher took. */
export interface Branch {
  enumName: string;
  branch: string;
  value: unknown;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `work` alone (no other recorded invocation runs meanwhile), with every match reported into
 * the array it gets.
 */
export function recordingBranches<T>(work: (branches: Branch[], listener: MatchListener) => Promise<T>): Promise<T> {
  const run = async () => {
    const branches: Branch[] = [];
    let previous: MatchListener | undefined;
    const listener: MatchListener = (enumName, branch, value) => {
      branches.push({ enumName, branch, value });
      previous?.(enumName, branch, value);
    };
    previous = setMatchListener(listener);
    try {
      return await work(branches, listener);
    } finally {
      setMatchListener(previous);
    }
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}
