// Loads an app's server/server.js the way the FDK's serverless runner does, on the Node under test,
// with `require` resolving from the app's own node_modules (a fresh npm install of packed fwcall
// packages), then delivers each test_data payload of its platform 3.0 manifest to its handler.
// The platform APIs the handlers call ($db, $request.invokeTemplate, renderData) are kept in
// memory, as `fdk run`'s local simulator keeps them. Prints one JSON document for the test to assert.
// Usage: node fdk-server.cjs <app dir>
"use strict";
const { readFileSync, existsSync } = require("node:fs");
const { createRequire } = require("node:module");
const { join, resolve } = require("node:path");
const vm = require("node:vm");

const appDir = resolve(process.argv[2] || ".");
const serverFile = join(appDir, "server", "server.js");

/** A $db that keeps records in memory and answers a missing key with the platform's 404. */
function memoryDb() {
  const records = new Map();
  const notFound = () => Promise.reject({ status: 404, message: "Record not found" });
  return {
    get: (key) => (records.has(key) ? Promise.resolve(records.get(key)) : notFound()),
    set: (key, value, options) => {
      if (options && options.setIf === "not_exist" && records.has(key)) return Promise.reject({ status: 400, message: "Record already exists" });
      records.set(key, value);
      return Promise.resolve({ Created: true });
    },
    update: (key, action, value) => {
      if (!records.has(key)) return notFound();
      const record = records.get(key);
      for (const [field, items] of Object.entries(value)) record[field] = action === "append" ? (record[field] || []).concat(items) : items;
      return Promise.resolve({ Updated: true });
    },
    delete: (key) => (records.delete(key) ? Promise.resolve({ Deleted: true }) : notFound()),
  };
}

/** The handler names and test_data files of a platform 3.0 manifest: server/test_data/<module>/<event>.json. */
function deliveries(manifest) {
  return Object.entries(manifest.modules || {}).flatMap(([module, spec]) =>
    Object.entries((spec && spec.events) || {}).map(([event, binding]) => ({ event, handler: binding.handler, file: join(appDir, "server", "test_data", module, `${event}.json`) })),
  );
}

async function main() {
  const manifest = JSON.parse(readFileSync(join(appDir, "manifest.json"), "utf8"));
  const rendered = [];
  const templates = [];
  const exportsObject = {};
  const sandbox = vm.createContext({
    console,
    exports: exportsObject,
    module: { exports: exportsObject },
    require: createRequire(serverFile),
    $db: memoryDb(),
    $request: {
      invokeTemplate: (name) => {
        templates.push(name);
        return Promise.resolve({ status: 200, headers: {}, response: JSON.stringify({ id: templates.length }) });
      },
    },
    renderData: (error, data) => rendered.push(error ? { error } : { data }),
  });
  new vm.Script(readFileSync(serverFile, "utf8"), { filename: serverFile }).runInContext(sandbox);
  // `exports = { … }` replaces the sandbox's global; `module.exports = …` (FDK 10 accepts it) the module's.
  const handlers = sandbox.module.exports !== exportsObject ? sandbox.module.exports : sandbox.exports;
  const results = [];
  for (const delivery of deliveries(manifest)) {
    const handler = handlers[delivery.handler];
    if (typeof handler !== "function") {
      results.push({ event: delivery.event, handler: delivery.handler, error: "not exported" });
      continue;
    }
    const payload = existsSync(delivery.file) ? JSON.parse(readFileSync(delivery.file, "utf8")) : undefined;
    const before = rendered.length;
    await handler({ ...payload, iparams: {}, app_settings: {} });
    results.push({ event: delivery.event, handler: delivery.handler, hadTestData: payload !== undefined, rendered: rendered.slice(before) });
  }
  console.log(JSON.stringify({
    node: process.version,
    typesResolved: createRequire(serverFile).resolve("@fwcall/types"),
    exported: Object.keys(handlers).sort(),
    results,
    templates,
  }));
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
