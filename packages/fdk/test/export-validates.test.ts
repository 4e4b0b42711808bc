// `fdk export`, then every written file as the FDK delivers it (simulateDelivery) passes the strict profile,
// for each app layout: what `fwcall validate --profile strict` on server/test_data relies on.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UPDATE_KINDS } from "@fwcall/cases";
import { exportFdkTestData, readFdkManifest, simulateDelivery, testDataContext } from "@fwcall/fdk";
import { validateCallEvent } from "@fwcall/validate";
import { app, LAYOUTS, V3_CALLER_CONVERSATION } from "./apps.js";

const layouts = Object.entries({ ...LAYOUTS, "3.0 caller_conversation": V3_CALLER_CONVERSATION });
/** The default cases, then one update of each kind. */
const exports = [undefined, ...UPDATE_KINDS.map(({ kind }) => `update/outgoing/answered/${kind}`)];

describe.each(layouts)("fdk export of a %s app", (_layout, manifestJson) => {
  it("writes files that, as the FDK delivers them, pass the strict profile", async () => {
    const dir = app(manifestJson);
    const manifest = readFdkManifest(dir);
    let checked = 0;
    for (const caseId of exports) {
      for (const file of await exportFdkTestData(dir, caseId === undefined ? { force: true } : { caseId, force: true })) {
        expect(file.status, file.path).toBe("written");
        const context = testDataContext(join(dir, file.path));
        expect(context).toMatchObject({ event: file.event, inLayout: true, stateFile: false });
        const delivered = simulateDelivery(JSON.parse(readFileSync(join(dir, file.path), "utf8")), manifest);
        expect(validateCallEvent(file.event, delivered, { profile: "strict" }).problems, `${file.path} (${file.caseId})`).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBe(2 + UPDATE_KINDS.length);
    expect(testDataContext(join(dir, "server/test_data/.fwcall-export.json"))?.stateFile).toBe(true);
  });
});
