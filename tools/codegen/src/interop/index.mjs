// The interop documents (issue 14): AsyncAPI 3.0 for the call events, OpenAPI 3.1 for the mocked
// REST API. Both are written to packages/interop, which publishes them.
import { generateAsyncApi } from "./asyncapi.mjs";
import { generateOpenApi } from "./openapi.mjs";

/** @returns {Promise<Map<string, string>>} the generated interop files: path relative to the repository root → contents */
export async function generateInterop() {
  return new Map([...(await generateAsyncApi()), ...(await generateOpenApi())]);
}
