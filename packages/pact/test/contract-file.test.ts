// The committed form of a pact and the drift gate: one canonical text whatever order pact-js
// wrote keys and interactions in, per-interaction files merged into one pact, and a comparison
// that says where a stale contract first differs.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ContractDriftError, ContractMergeError, formatPact, mergePacts, requireCurrentContract, syncContract } from "../src/index.js";
import { tempFolder, writeMessagePact, writeTemp } from "./helpers.js";

const interaction = (description: string, extra: Record<string, unknown> = {}) => ({ type: "Asynchronous/Messages", description, providerStates: [{ name: description }], contents: { content: { a: 1 } }, ...extra });
const pactOf = (...interactions: unknown[]) => ({ provider: { name: "p" }, metadata: { pactSpecification: { version: "4.0" } }, consumer: { name: "c" }, interactions });

describe("formatPact", () => {
  it("sorts every key and the interactions by description, indents by two, ends with a newline", () => {
    const text = formatPact(pactOf(interaction("b", { z: 1, m: { y: 2, x: 1 } }), interaction("a")));
    expect(text).toBe(formatPact(pactOf(interaction("a"), interaction("b", { m: { x: 1, y: 2 }, z: 1 }))));
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed)).toEqual(["consumer", "interactions", "metadata", "provider"]);
    expect(parsed.interactions.map((i: { description: string }) => i.description)).toEqual(["a", "b"]);
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.split("\n")[1]).toBe('  "consumer": {');
  });

  it("sorts V3 messages too, and refuses what is not an object", () => {
    expect(JSON.parse(formatPact({ messages: [{ description: "y" }, { description: "x" }] })).messages).toEqual([{ description: "x" }, { description: "y" }]);
    expect(() => formatPact([])).toThrow("formatPact needs a pact file's JSON object");
  });
});

describe("mergePacts", () => {
  it("joins the interactions of one pair's files, each once", () => {
    const merged = mergePacts([pactOf(interaction("a")), pactOf(interaction("b"), interaction("a"))]);
    expect((merged.interactions as Array<{ description: string }>).map((i) => i.description)).toEqual(["a", "b"]);
  });

  it("refuses files of different pairs or tools, and two different interactions under one name and state", () => {
    expect(() => mergePacts([pactOf(interaction("a")), { ...pactOf(interaction("b")), provider: { name: "q" } }])).toThrow(ContractMergeError);
    expect(() => mergePacts([pactOf(interaction("a")), { ...pactOf(interaction("b")), metadata: { pactSpecification: { version: "3.0.0" } } }])).toThrow(/differ in their metadata/);
    expect(() => mergePacts([pactOf(interaction("a")), pactOf(interaction("a", { contents: { content: { a: 2 } } }))])).toThrow(
      'two different interactions are both "a" with provider states [{"name":"a"}]',
    );
    expect(() => mergePacts([])).toThrow("no pact files to merge");
  });
});

describe("syncContract", () => {
  it("unchanged, differs (with the first differing line), missing, written", async () => {
    const generated = await writeMessagePact(["create/incoming/connecting", "update/incoming/busy/notes"]);
    const committed = join(tempFolder(), "contract.json");
    expect(syncContract(generated, committed, { write: false })).toEqual({ status: "missing", committedFile: committed, firstDifference: undefined });
    expect(syncContract(generated, committed, { write: true }).status).toBe("written");
    expect(readFileSync(committed, "utf8")).toBe(formatPact(JSON.parse(readFileSync(generated, "utf8"))));
    expect(syncContract(generated, committed, { write: false }).status).toBe("unchanged");
    expect(syncContract(generated, committed, { write: true }).status).toBe("unchanged");

    const stale = readFileSync(committed, "utf8").replace('"description": "update/incoming/busy/notes"', '"description": "update/incoming/busy/note"');
    writeFileSync(committed, stale);
    const sync = syncContract(generated, committed, { write: false });
    expect(sync.status).toBe("differs");
    const line = stale.split("\n").findIndex((l) => l.includes('"update/incoming/busy/note"')) + 1;
    expect(sync.firstDifference).toEqual({ line, committed: '      "description": "update/incoming/busy/note",', generated: '      "description": "update/incoming/busy/notes",' });
  });

  it("merges per-interaction files into the same bytes pact-js's own merge gives", async () => {
    const together = await writeMessagePact(["create/incoming/connecting", "update/incoming/busy/notes"]);
    const apart = [await writeMessagePact(["update/incoming/busy/notes"]), await writeMessagePact(["create/incoming/connecting"])];
    const committed = writeTemp("contract.json", formatPact(JSON.parse(readFileSync(together, "utf8"))));
    expect(syncContract(apart, committed, { write: false }).status).toBe("unchanged");
  });
});

describe("requireCurrentContract", () => {
  it("passes a current file, and names the line and the command for a stale or missing one", async () => {
    const generated = await writeMessagePact(["create/incoming/connecting"]);
    const committed = join(tempFolder(), "contract.json");
    const options = { rewriteCommand: "pnpm contracts", write: false };
    expect(() => requireCurrentContract(generated, committed, options)).toThrow(new ContractDriftError(`${committed} does not exist. Run pnpm contracts.`));
    expect(requireCurrentContract(generated, committed, { ...options, write: true }).status).toBe("written");
    expect(requireCurrentContract(generated, committed, options).status).toBe("unchanged");
    writeFileSync(committed, readFileSync(committed, "utf8").replace('"create/incoming/connecting"', '"create/incoming/queued"'));
    expect(() => requireCurrentContract(generated, committed, options)).toThrow(/is not what the consumer test generates now \(line \d+: committed .*queued.* \/ generated .*connecting.*\)\. Run pnpm contracts and commit the result\./);
  });
});
