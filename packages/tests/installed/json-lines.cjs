// Runs inside a fresh npm install of the packed @fwcall/validate: validateJsonLineBatches on worker
// threads, from require() (the CommonJS build) and from import() (the ESM build). Worker is wrapped
// before the package loads, so the report says how many threads started and from which file.
// Prints one JSON document for the test to assert.
"use strict";

const threads = require("node:worker_threads");
const { syncBuiltinESMExports } = require("node:module");
const { fileURLToPath } = require("node:url");

const started = [];
const RealWorker = threads.Worker;
threads.Worker = class CountedWorker extends RealWorker {
  constructor(file, options) {
    super(file, options);
    started.push(String(file instanceof URL ? fileURLToPath(file) : file));
  }
};
syncBuiltinESMExports();

/** A log of `count` lines: the given payload, a line that is not JSON every 97th, a blank one every 31st. */
function log(payload, count) {
  const lines = [];
  for (let i = 0; i < count; i++) lines.push(i % 97 === 5 ? "{not json" : i % 31 === 0 ? "" : payload);
  return Buffer.from(`${lines.join("\n")}\n`);
}

/** Runs the validator over the log in 64 KB chunks; returns what came out and the threads it started. */
async function run(validate, bytes) {
  started.length = 0;
  const chunks = [];
  for (let at = 0; at < bytes.length; at += 65536) chunks.push(bytes.subarray(at, at + 65536));
  let lines = 0;
  let valid = 0;
  const unusable = [];
  let ordered = true;
  let last = 0;
  for await (const batch of validate.validateJsonLineBatches(chunks, { threads: 2, inThreadBytes: 0 })) {
    for (const r of batch) {
      lines++;
      if (r.line <= last) ordered = false;
      last = r.line;
      if (r.ok && r.valid) valid++;
      if (!r.ok) unusable.push([r.line, r.reason]);
    }
  }
  return { lines, valid, unusable: unusable.slice(0, 3), unusableCount: unusable.length, ordered, workers: [...started] };
}

(async () => {
  const schemas = require("@fwcall/schemas");
  const payload = JSON.stringify(schemas.loadExampleFiles().find((e) => e.schemaFile === "on-call-update.json").example);
  const bytes = log(payload, 3000);
  const required = require("@fwcall/validate");
  const viaRequire = await run(required, bytes);
  const imported = await import("@fwcall/validate");
  const viaImport = await run(imported, bytes);
  process.stdout.write(JSON.stringify({ require: viaRequire, import: viaImport, resolved: require.resolve("@fwcall/validate") }));
})().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
