/** Absolute path of the AsyncAPI 3.0 document of the call events (JSON). */
export const asyncApiPath: string;
/** Absolute path of the OpenAPI 3.1 document of the mocked Freshcaller REST API (JSON). */
export const openApiPath: string;
/** The AsyncAPI document, parsed afresh. */
export function loadAsyncApi(): Record<string, unknown> & { asyncapi: "3.0.0" };
/** The OpenAPI document, parsed afresh. */
export function loadOpenApi(): Record<string, unknown> & { openapi: "3.1.0" };
