// Runs inside a fresh npm install of the packed @fwcall/types, @fwcall/validate and @fwcall/schemas,
// on the Node under test (18 for FDK 9, 24 for FDK 10): what an app's server.js gets from
// require(), and what ESM code gets from import(). Prints one JSON document for the test to assert.
"use strict";

const PACKAGES = ["@fwcall/types", "@fwcall/validate", "@fwcall/schemas"];

/** The names a module exports, without the ones Node adds to an imported CommonJS namespace. */
const exportNames = (namespace) => Object.keys(namespace).filter((name) => name !== "default" && name !== "module.exports").sort();

/** One handler per documented status, each answering its own name. */
const branchNames = (names) => Object.fromEntries([...names.values()].map((name) => [name, () => name]));

/** What the packages answer on the example payloads the schemas package ships. */
function verdicts(types, validate, schemas) {
  const examples = schemas.loadExampleFiles().filter((e) => e.schemaFile === "on-call-create.json" || e.schemaFile === "on-call-update.json");
  const update = examples.find((e) => e.schemaFile === "on-call-update.json").example;
  const broken = { ...update, data: { ...update.data, call: { ...update.data.call, id: "not a number" } } };
  const brokenResult = validate.validateOnCallUpdate(broken, { profile: "strict" });
  return {
    examples: examples.map((e) => ({ file: e.file, lenient: validate.parseCallEvent(e.example).ok, strict: validate.parseCallEvent(e.example, { profile: "strict" }).ok })),
    broken: { valid: brokenResult.valid, pointers: brokenResult.problems.map((p) => p.pointer) },
    missed: types.CallStatus.Missed,
    missedName: types.callStatusName(3),
    // 7 is undocumented: the exhaustive matcher must route it to `unknown`; 3 to its named branch.
    matched: [3, 7].map((code) => types.matchCallStatus(code, { ...branchNames(types.CALL_STATUS_NAMES), unknown: (value) => `unknown ${value}` })),
    schemaFiles: schemas.loadSchemas().map((s) => s.file),
  };
}

async function main() {
  const required = Object.fromEntries(PACKAGES.map((name) => [name, require(name)]));
  const imported = {};
  for (const name of PACKAGES) imported[name] = await import(name);
  const load = (modules) => verdicts(modules["@fwcall/types"], modules["@fwcall/validate"], modules["@fwcall/schemas"]);
  const callSchema = require("@fwcall/schemas/call.json");
  const directions = require("@fwcall/schemas/enums/direction.json");
  console.log(JSON.stringify({
    node: process.version,
    resolved: Object.fromEntries(PACKAGES.map((name) => [name, require.resolve(name)])),
    exports: Object.fromEntries(PACKAGES.map((name) => [name, { require: exportNames(required[name]), import: exportNames(imported[name]) }])),
    require: load(required),
    import: load(imported),
    json: { callTitle: callSchema.title, directions: directions.enum },
  }));
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
