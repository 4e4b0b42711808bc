import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const here = fileURLToPath(new URL("..", import.meta.url));
const example = fileURLToPath(new URL("../../../schemas/examples/on-call-update/fdk-default.json", import.meta.url));

/** Runs a script in a fresh node process from this package (so workspace packages resolve) and returns its JSON output. */
function runNode(args: string[]): unknown {
  const out = execFileSync(process.execPath, args, { cwd: here, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
  return JSON.parse(out);
}

describe("built @fwcall/validate", () => {
  it("works when imported from ESM", () => {
    const script = `
      import { readFileSync } from "node:fs";
      import { validateOnCallUpdate } from "@fwcall/validate";
      import * as types from "@fwcall/types";
      const payload = JSON.parse(readFileSync(${JSON.stringify(example)}, "utf8"));
      const result = validateOnCallUpdate(payload, { profile: "strict" });
      console.log(JSON.stringify({ valid: result.valid, missed: types.CallStatus.Missed, name: types.callStatusName(3) }));`;
    expect(runNode(["--input-type=module", "-e", script])).toEqual({ valid: true, missed: 3, name: "missed" });
  });

  it("works when required from CommonJS", () => {
    const script = `
      const { validateOnCallUpdate, parseCallEvent } = require("@fwcall/validate");
      const payload = require(${JSON.stringify(example)});
      const broken = { ...payload, data: { ...payload.data, call: { ...payload.data.call, id: "x" } } };
      console.log(JSON.stringify({
        valid: validateOnCallUpdate(payload).valid,
        broken: validateOnCallUpdate(broken).valid,
        event: parseCallEvent(payload).event,
      }));`;
    expect(runNode(["-e", script])).toEqual({ valid: true, broken: false, event: "onCallUpdate" });
  });

  it("compiles no schema at import or on the first call", () => {
    // ajv compiles schemas into code with new Function(); count every use of it.
    const script = `
      let compiled = 0;
      globalThis.Function = new Proxy(Function, { construct(target, args) { compiled++; return Reflect.construct(target, args); } });
      const { validateOnCallCreate, validateOnCallUpdate } = require("@fwcall/validate");
      const payload = require(${JSON.stringify(example)});
      validateOnCallUpdate(payload, { profile: "strict" });
      validateOnCallCreate({}, { profile: "lenient" });
      const ajvCompiler = Object.keys(require.cache).filter((path) => /ajv[\\\\/]dist[\\\\/](compile|core|ajv)\\b/.test(path));
      console.log(JSON.stringify({ compiled, ajvCompiler }));`;
    expect(runNode(["-e", script])).toEqual({ compiled: 0, ajvCompiler: [] });
  });
});
