// server/test_data comes from `fwcall fdk export`: the committed files must be exactly what the
// export writes today, and what the FDK simulates from them must pass the strict profile.
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exportFdkTestData, readFdkManifest, simulateDelivery } from "@fwcall/fdk";
import { validateCallEvent } from "@fwcall/validate";
import { APP_DIR, loadApp } from "./app.js";

const FILES = ["server/test_data/call/onCallCreate.json", "server/test_data/call/onCallUpdate.json", "server/test_data/.fwcall-export.json"];
const temp = mkdtempSync(join(tmpdir(), "fwcall-example-fdk-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe("server/test_data", () => {
  it("is what fwcall fdk export writes now (run `pnpm export-test-data` when this fails)", async () => {
    const copy = join(temp, "app");
    cpSync(APP_DIR, copy, { recursive: true, filter: (source) => !source.includes("node_modules") });
    rmSync(join(copy, "server/test_data"), { recursive: true, force: true });
    const written = await exportFdkTestData(copy);
    expect(written.map((file) => [file.path, file.status])).toEqual([
      ["server/test_data/call/onCallCreate.json", "written"],
      ["server/test_data/call/onCallUpdate.json", "written"],
    ]);
    for (const file of FILES) expect(readFileSync(join(APP_DIR, file), "utf8"), file).toBe(readFileSync(join(copy, file), "utf8"));
  });

  it.each(["onCallCreate", "onCallUpdate"] as const)("%s, as the FDK simulates it, passes the strict profile and the app handles it", async (event) => {
    const payload = JSON.parse(readFileSync(join(APP_DIR, `server/test_data/call/${event}.json`), "utf8"));
    const simulated = simulateDelivery(payload, readFdkManifest(APP_DIR));
    expect(validateCallEvent(event, simulated, { profile: "strict" }).problems).toEqual([]);
    const app = await loadApp();
    const result = await app.invoke(payload);
    expect(app.rendered).toEqual([{ error: null, data: result }]);
    // The default update is an answered incoming call whose recording just arrived: it is noted.
    if (event === "onCallUpdate") expect(result).toMatchObject({ outcome: "handled", actions: ["opened call-log ticket", "noted recording"] });
  });
});
