// The documents' paths and contents. CommonJS so that tools configured in CommonJS can
// `require("@fwcall/interop")`; index.js re-exports it for `import`.
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

/** Absolute path of the AsyncAPI 3.0 document of the call events. */
const asyncApiPath = join(__dirname, "src", "generated", "asyncapi.json");
/** Absolute path of the OpenAPI 3.1 document of the mocked Freshcaller REST API. */
const openApiPath = join(__dirname, "src", "generated", "openapi.json");

/**
 * The AsyncAPI document, parsed afresh (the caller may change it).
 * @example loadAsyncApi().channels.onCallCreate.messages
 */
function loadAsyncApi() {
  return JSON.parse(readFileSync(asyncApiPath, "utf8"));
}

/**
 * The OpenAPI document, parsed afresh (the caller may change it).
 * @example Object.keys(loadOpenApi().paths) // ["/api/v1/calls", "/api/v1/calls/{id}", "/api/v1/calls/{id}/recording"]
 */
function loadOpenApi() {
  return JSON.parse(readFileSync(openApiPath, "utf8"));
}

exports.asyncApiPath = asyncApiPath;
exports.openApiPath = openApiPath;
exports.loadAsyncApi = loadAsyncApi;
exports.loadOpenApi = loadOpenApi;
