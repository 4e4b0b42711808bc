// Issue 11, item 1: every attack on `fdk export` that was found, reproduced, each with the clear outcome.
import { execFileSync } from "node:child_process";
import { chmodSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exportFdkTestData, FdkExportError } from "@fwcall/fdk";
import { app, tempDir, V2, V3 } from "./apps.js";
import { openToAll, unprivileged } from "./unprivileged.js";

const CALL = "server/test_data/call";
const STATE = "server/test_data/.fwcall-export.json";
const VICTIM_TEXT = "precious: must never change\n";

/** A file outside the app that an attacker wants overwritten. */
function victim(): string {
  const path = join(tempDir("fwcall-victim-"), "victim.txt");
  writeFileSync(path, VICTIM_TEXT);
  return path;
}

/** Every entry under a folder but folders, recursively, relative to it. */
const filesUnder = (dir: string) => (readdirSync(dir, { recursive: true }) as string[]).filter((path) => !lstatSync(join(dir, path)).isDirectory()).sort();
const temporaries = (dir: string) => filesUnder(dir).filter((name) => name.endsWith(".tmp"));

describe("fdk export against a prepared app folder", () => {
  it("refuses a link planted at its state file and writes nothing", async () => {
    const target = victim();
    const dir = app(V3);
    mkdirSync(join(dir, "server/test_data"), { recursive: true });
    symlinkSync(target, join(dir, STATE));
    await expect(exportFdkTestData(dir)).rejects.toThrow(FdkExportError);
    await expect(exportFdkTestData(dir)).rejects.toThrow(`${STATE} is a symbolic link, not a file; fwcall neither reads nor replaces it. Remove it and export again`);
    expect(readFileSync(target, "utf8")).toBe(VICTIM_TEXT);
    expect(filesUnder(join(dir, "server/test_data"))).toEqual([".fwcall-export.json"]);
  });

  it("refuses a link that replaces its state file after an export", async () => {
    const target = victim();
    const dir = app(V3);
    await exportFdkTestData(dir);
    rmSync(join(dir, STATE));
    symlinkSync(target, join(dir, STATE));
    await expect(exportFdkTestData(dir, { caseId: "create/outgoing/connecting" })).rejects.toThrow(/\.fwcall-export\.json is a symbolic link/);
    expect(readFileSync(target, "utf8")).toBe(VICTIM_TEXT);
  });

  it("ignores links planted at the temp names an earlier fwcall used, and leaves no temp file", async () => {
    const target = victim();
    const dir = app(V3);
    mkdirSync(join(dir, CALL), { recursive: true });
    for (const name of ["onCallCreate.json", "onCallUpdate.json"]) symlinkSync(target, join(dir, CALL, `${name}.fwcall-${process.pid}.tmp`));
    symlinkSync(target, join(dir, `${STATE}.fwcall-${process.pid}.tmp`));
    expect((await exportFdkTestData(dir)).map((file) => file.status)).toEqual(["written", "written"]);
    expect(readFileSync(target, "utf8")).toBe(VICTIM_TEXT);
    expect(lstatSync(join(dir, STATE)).isFile()).toBe(true);
    // The planted links are still there, untouched; nothing of fwcall's own is left behind.
    expect(temporaries(join(dir, "server/test_data"))).toEqual([`.fwcall-export.json.fwcall-${process.pid}.tmp`, `call/onCallCreate.json.fwcall-${process.pid}.tmp`, `call/onCallUpdate.json.fwcall-${process.pid}.tmp`]);
  });

  it("refuses a module folder that links outside the app, per file", async () => {
    const outside = tempDir("fwcall-outside-");
    const dir = app(V3);
    mkdirSync(join(dir, "server/test_data"), { recursive: true });
    symlinkSync(outside, join(dir, CALL));
    const results = await exportFdkTestData(dir);
    expect(results.map((file) => [file.status, file.reason])).toEqual([
      ["refused", `${CALL} is a symbolic link; fwcall never writes through links`],
      ["refused", `${CALL} is a symbolic link; fwcall never writes through links`],
    ]);
    expect(readdirSync(outside)).toEqual([]);
  });

  it("lets exports racing on a fresh app all succeed, with the same files as one export", async () => {
    const dir = app(V3);
    const raced = await Promise.all([1, 2, 3, 4].map(() => exportFdkTestData(dir)));
    for (const results of raced) for (const file of results) expect(["written", "unchanged"]).toContain(file.status);
    const calm = app(V3);
    await exportFdkTestData(calm);
    for (const path of [`${CALL}/onCallCreate.json`, `${CALL}/onCallUpdate.json`, STATE]) {
      expect(readFileSync(join(dir, path), "utf8"), path).toBe(readFileSync(join(calm, path), "utf8"));
    }
    expect(temporaries(join(dir, "server/test_data"))).toEqual([]);
  });

  it("refuses a folder where a test_data file belongs, and writes the others", async () => {
    const dir = app(V3);
    mkdirSync(join(dir, CALL, "onCallCreate.json"), { recursive: true });
    const results = await exportFdkTestData(dir);
    expect(results.map((file) => [file.path, file.status, file.reason])).toEqual([
      [`${CALL}/onCallCreate.json`, "refused", "is a folder, not a file; fwcall neither reads nor replaces it. Remove it and export again"],
      [`${CALL}/onCallUpdate.json`, "written", undefined],
    ]);
    expect(readdirSync(join(dir, CALL)).sort()).toEqual(["onCallCreate.json", "onCallUpdate.json"]);
    expect(lstatSync(join(dir, CALL, "onCallCreate.json")).isDirectory()).toBe(true);
  });

  it("refuses a FIFO where a test_data file belongs without opening it, and leaves no temp file", async () => {
    const dir = app(V2);
    mkdirSync(join(dir, "server/test_data"), { recursive: true });
    execFileSync("mkfifo", [join(dir, "server/test_data/onCallUpdate.json")]);
    const results = await exportFdkTestData(dir, { force: true });
    expect(results.map((file) => [file.status, file.reason])).toEqual([
      ["written", undefined],
      ["refused", "is a FIFO (named pipe), not a file; fwcall neither reads nor replaces it. Remove it and export again"],
    ]);
    expect(lstatSync(join(dir, "server/test_data/onCallUpdate.json")).isFIFO()).toBe(true);
    expect(temporaries(join(dir, "server/test_data"))).toEqual([]);
  });

  it("stops on a FIFO or a folder at its state file, without opening it", async () => {
    const fifo = app(V3);
    mkdirSync(join(fifo, "server/test_data"), { recursive: true });
    execFileSync("mkfifo", [join(fifo, STATE)]);
    await expect(exportFdkTestData(fifo)).rejects.toThrow(`${STATE} is a FIFO (named pipe), not a file`);
    const folder = app(V3);
    mkdirSync(join(folder, STATE), { recursive: true });
    await expect(exportFdkTestData(folder)).rejects.toThrow(`${STATE} is a folder, not a file`);
    expect(readdirSync(join(folder, "server/test_data"))).toEqual([".fwcall-export.json"]);
  });

  it("refuses a file too big to be a payload without reading it", async () => {
    const dir = app(V3);
    mkdirSync(join(dir, CALL), { recursive: true });
    writeFileSync(join(dir, CALL, "onCallCreate.json"), "");
    truncateSync(join(dir, CALL, "onCallCreate.json"), 17 * 1024 * 1024);
    expect((await exportFdkTestData(dir))[0]).toMatchObject({ status: "refused", reason: "is larger than 16 MiB, so not a payload fwcall wrote; remove it and export again" });
  });

  it("succeeds in a read-only test_data folder when nothing needs writing, and names the folder when something does", async () => {
    const dir = app(V3);
    await exportFdkTestData(dir);
    const before = filesUnder(join(dir, "server/test_data")).map((path) => readFileSync(join(dir, "server/test_data", path), "utf8"));
    openToAll(dir);
    chmodSync(join(dir, CALL), 0o555);
    chmodSync(join(dir, "server/test_data"), 0o555);
    try {
      expect((await unprivileged(() => exportFdkTestData(dir))).map((file) => file.status)).toEqual(["unchanged", "unchanged"]);
      await expect(unprivileged(() => exportFdkTestData(dir, { caseId: "create/outgoing/connecting" }))).rejects.toThrow(
        `${CALL}: cannot write in this folder (EACCES); make it writable and export again`,
      );
    } finally {
      chmodSync(join(dir, CALL), 0o755);
      chmodSync(join(dir, "server/test_data"), 0o755);
    }
    expect(filesUnder(join(dir, "server/test_data")).map((path) => readFileSync(join(dir, "server/test_data", path), "utf8"))).toEqual(before);
  });

  it("names a read-only app folder when test_data must be created", async () => {
    const dir = app(V3);
    openToAll(dir);
    chmodSync(dir, 0o555);
    try {
      await expect(unprivileged(() => exportFdkTestData(dir))).rejects.toThrow(`${dir}: cannot write in this folder (EACCES); make it writable and export again`);
    } finally {
      chmodSync(dir, 0o755);
    }
    expect(readdirSync(dir)).toEqual(["manifest.json"]);
  });
});
