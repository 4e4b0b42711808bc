import { describe, expect, it } from "vitest";
import { caseMatrix } from "@fwcall/cases";
import { runCoverage } from "../src/index.js";
import { coverageTests, testPlan } from "../src/vitest.js";
import { app, MODULES } from "./helpers.js";

const full = (t: { path: string[]; name: string }) => [...t.path, t.name].join(" > ");

describe("testPlan", () => {
  it("plans one test per cell, nested by the parts of its label, failing with the outcome", async () => {
    const plan = testPlan(await runCoverage(app("matcher-gap-app"), { modules: MODULES }));
    expect(plan.filter((t) => t.path[0] !== "lifecycle")).toHaveLength(caseMatrix().length);
    const failing = plan.filter((t) => t.failure !== null);
    expect(failing.map(full)).toContain("onCallUpdate > incoming > voicemail (10) > recording attached");
    expect(failing.find((t) => full(t) === "onCallUpdate > incoming > voicemail (10) > recording attached")!.failure).toMatch(
      /^unhandled: CallStatus fell through to unknown for documented status 10\n\(case update\/incoming\/voicemail\/recording;/,
    );
    expect(plan.map(full)).toContain("onCallCreate > incoming > connecting (13)");
    expect(plan.map(full)).toContain("onCallCreate > outgoing > queued (6) [N/A: only incoming calls are routed to a call queue]");
    expect(plan.at(-1)).toEqual({ path: ["lifecycle"], name: expect.stringMatching(/^not run: the report has no lifecycle sequences/), failure: null });
  });

  it("names allowed, ignored and N/A cases so; puts everything under the title when there is one", async () => {
    const report = await runCoverage(app("blackbox-app"), { sequences: { maxLength: 2 } });
    const plan = testPlan(report, { title: "blackbox" });
    expect(plan.every((t) => t.path[0] === "blackbox")).toBe(true);
    expect(plan.map(full)).toContain(
      "blackbox > onCallUpdate > incoming > disconnected (5) > status change [allowed, threw: Request template 'deleteEverything' is not declared in config/requests.json (status 400); reason: the cleanup template is not deployed yet]",
    );
    expect(plan.map(full)).toContain("blackbox > lifecycle > incoming > connecting → missed > in order");
    expect(plan.some((t) => t.name.startsWith("not run"))).toBe(false);
    const ignored = testPlan(await runCoverage({ onCallCreate: () => ({ outcome: "ignored", reason: "not ours" }) }));
    expect(ignored.map(full)).toContain("onCallCreate > incoming > connecting (13) [ignored: not ours]");
  });
});

// The helper itself, on an app whose gaps are all allowed: every test here passes.
coverageTests(
  () =>
    runCoverage(app("matcher-gap-app"), {
      modules: MODULES,
      allowlist: { allow: [{ case: "update/incoming/voicemail/*", reason: "voicemail is another app's job" }] },
      sequences: { maxLength: 2 },
    }),
  { title: "coverageTests on the matcher-gap app" },
);

coverageTests(() => runCoverage(app("inline-matcher-app")));
