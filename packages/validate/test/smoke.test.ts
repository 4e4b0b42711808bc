import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { validateCallEvent, formatProblem } from "@fwcall/validate";

describe("smoke", () => {
  for (const f of ["on-call-create/fdk-default", "on-call-create/platform-3-outgoing", "on-call-update/fdk-default", "on-call-update/notes-attached-platform-3"]) {
    it(f, () => {
      const v = JSON.parse(readFileSync(new URL(`../../../schemas/examples/${f}.json`, import.meta.url), "utf8"));
      for (const profile of ["lenient", "strict"] as const) {
        const r = validateCallEvent(v.event, v, { profile });
        console.log(f, profile, r.problems.map(formatProblem));
        expect(r.valid).toBe(true);
      }
    });
  }
});
