// The OpenAPI 3.1 document of the Freshcaller REST API as fwcall's mock serves it (@fwcall/msw):
// resources from the schema model, routes, limits and every example answer from the mock's own core.
import { loadCases, loadMockCore } from "./sources.mjs";
import { buildModel, definitionsUnder, toJsonSchema } from "./model.mjs";

const OPENAPI_FILE = "packages/interop/src/generated/openapi.json";

/**
 * The REST resources are given in the lenient profile, the one fwcall's mock and its REST validator
 * hold them to: the API adds fields to the event's call (names, integrations), which the strict
 * profile's closed call object would refuse.
 */
const OPENAPI_PROFILE = "lenient";

const schemaRef = (definition) => `#/components/schemas/${definition.name}`;
const responseRef = (name) => ({ $ref: `#/components/responses/${name}` });
const jsonContent = (schema, examples) => ({ "application/json": { schema, ...(examples ? { examples } : {}) } });

/** Asks the mock's core, as a client would; the answer must have the status the example is for. */
function ask(core, path, { status, auth = true, scenario } = {}) {
  const headers = auth ? { "x-api-auth": "example-key" } : {};
  if (scenario) headers["x-fwcall-scenario"] = scenario;
  const response = core.handleApiRequest({ method: "GET", url: new URL(`http://127.0.0.1${core.BASE_PATH}${path}`), headers }, {});
  if (response.status !== status) throw new Error(`the mock answered GET ${path} with ${response.status}, not the ${status} its OpenAPI example is for`);
  return response;
}

/**
 * The OpenAPI 3.1 document as a plain object.
 * @example (await openApiDocument()).paths["/api/v1/calls/{id}"].get.responses
 */
async function openApiDocument() {
  const core = await loadMockCore();
  const { STATUS_CASES } = await loadCases();
  const view = buildModel().profile(OPENAPI_PROFILE);
  const resource = (title) => {
    const definition = view.resources.get(title);
    if (!definition) throw new Error(`the schema model has no REST resource ${title}`);
    return definition;
  };
  const [listResponse, callResponse, apiError] = ["CallListResponse", "CallResponse", "ApiError"].map(resource);
  const schemas = {};
  for (const definition of definitionsUnder(...[...view.resources.values()].map((d) => ({ ref: d })))) {
    schemas[definition.name] = toJsonSchema(definition.schema, { ref: schemaRef });
  }

  // The example call: the first call of the default data with a recording, so that one call, its
  // recording and its 302 are examples of the same call.
  const { calls } = core.callStore(core.DEFAULT_SEED, core.DEFAULT_SCENARIO);
  const recorded = calls.find((call) => call.recording);
  if (!recorded) throw new Error("the mock's default data has no call with a recording");
  const example = (response, summary) => ({ summary, value: response.body });
  const errorSchema = { $ref: schemaRef(apiError) };
  const retryAfter = { description: "Seconds to wait before the next request.", schema: { type: "integer", minimum: 0 }, example: core.RETRY_AFTER_SECONDS };
  const scenarioHeader = {
    description: `fwcall's mock only: the data scenario that answered (${core.SCENARIO_HEADER}).`,
    schema: { type: "string", enum: core.SCENARIOS.map((s) => s.name) },
  };

  const responses = {
    Unauthorized: {
      description: `Missing or empty \`${core.AUTH_HEADER}\` header.`,
      content: jsonContent(errorSchema, { missing: example(ask(core, "/calls", { status: 401, auth: false }), "No X-Api-Auth header") }),
    },
    NotFound: {
      description: "No call with that id (error_type `record_not_found`).",
      headers: { [core.SCENARIO_HEADER]: scenarioHeader },
      content: jsonContent(errorSchema, { unknownCall: example(ask(core, "/calls/1", { status: 404 }), "An id no call has") }),
    },
    InvalidRequest: {
      description: "Invalid query parameters, one entry of `errors` per offending parameter (`field`, `message`, `code`); or, on fwcall's mock, an unknown scenario.",
      headers: { [core.SCENARIO_HEADER]: { ...scenarioHeader, description: `${scenarioHeader.description} Absent when the scenario itself is unknown.` } },
      content: jsonContent(errorSchema, {
        timeRange: example(ask(core, "/calls?by_time[from]=2024-03-06T00:00:00Z&by_time[to]=2024-03-05T00:00:00Z", { status: 422 }), "A time range that ends before it starts"),
        perPage: example(ask(core, `/calls?per_page=${core.MAX_PER_PAGE + 400}`, { status: 422 }), "per_page over the limit"),
      }),
    },
    TooManyRequests: {
      description: "Rate limited: retry after `Retry-After` seconds (fwcall's mock: scenario `rate-limited`).",
      headers: { "Retry-After": { ...retryAfter, required: true }, [core.SCENARIO_HEADER]: scenarioHeader },
      content: jsonContent(errorSchema, { rateLimited: example(ask(core, "/calls", { status: 429, scenario: "rate-limited" }), "Every request of the rate-limited scenario") }),
    },
  };
  const errors = { 401: responseRef("Unauthorized"), 422: responseRef("InvalidRequest"), 429: responseRef("TooManyRequests") };

  const scenarioParameters = [
    {
      name: "scenario",
      in: "query",
      required: false,
      description: `fwcall's mock only: the data scenario of this request; wins over the ${core.SCENARIO_HEADER} header.`,
      schema: { type: "string", enum: core.SCENARIOS.map((s) => s.name) },
    },
    {
      name: core.SCENARIO_HEADER,
      in: "header",
      required: false,
      description: `fwcall's mock only: the data scenario of this request (\`?scenario=\` wins over it). ${core.SCENARIOS.map((s) => `\`${s.name}\`: ${s.description}`).join("; ")}.`,
      schema: { type: "string", enum: core.SCENARIOS.map((s) => s.name) },
    },
  ];
  const idParameter = {
    name: "id",
    in: "path",
    required: true,
    description: "The call's id.",
    schema: { type: "integer", minimum: 0 },
    example: recorded.id,
  };
  const dateTime = (name, side) => ({
    name,
    in: "query",
    required: false,
    description: `${side} of the time range on \`created_time\`, inclusive (ISO 8601 date-time). It may not come after the other end (422, code \`invalid_range\`).`,
    schema: { type: "string", format: "date-time" },
    example: side === "Start" ? "2024-03-05T00:00:00Z" : "2024-03-06T00:00:00Z",
  });

  return {
    openapi: "3.1.0",
    info: {
      title: "Freshcaller REST API: calls (as fwcall's mock serves it)",
      version: "1.0.0",
      description:
        `The calls of the Freshcaller REST API, as fwcall's mock server (\`@fwcall/msw\`) serves them. Generated by fwcall from its JSON Schemas and the mock's own answers (\`pnpm generate\`); do not edit.\n\n` +
        "Resources are given in the lenient profile: what the API really returns, with fields beyond the documented ones allowed. " +
        "`direction` and `status` filters and the `X-Fwcall-Scenario` header are the mock's extensions; the recording route is the mock's choice (the public docs only say recording retrieval answers 302 with the file in `Location`). " +
        "Every route answers 405 with `Allow: GET` to other methods, and unknown paths under the base path 404 with error_type `route_not_found`.",
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [
      { url: "https://{subdomain}.freshcaller.com", description: "Freshcaller", variables: { subdomain: { default: "acme", description: "The account's subdomain." } } },
      { url: "http://127.0.0.1:4010", description: "fwcall's mock server (`fwcall mock`)" },
    ],
    security: [{ ApiAuth: [] }],
    paths: {
      [`${core.BASE_PATH}/calls`]: {
        get: {
          operationId: "listCalls",
          summary: "A page of calls, newest first",
          parameters: [
            { name: "page", in: "query", required: false, description: "Page number, from 1.", schema: { type: "integer", minimum: 1, maximum: 1_000_000, default: 1 } },
            { name: "per_page", in: "query", required: false, description: "Calls per page.", schema: { type: "integer", minimum: 1, maximum: core.MAX_PER_PAGE, default: core.DEFAULT_PER_PAGE } },
            dateTime("by_time[from]", "Start"),
            dateTime("by_time[to]", "End"),
            { name: "direction", in: "query", required: false, description: "fwcall's mock only: calls of one direction.", schema: { type: "string", enum: ["incoming", "outgoing"] } },
            {
              name: "status",
              in: "query",
              required: false,
              description: "fwcall's mock only: calls whose customer leg has this `call_status`, by code or by name (`unknown`: any undocumented code).",
              schema: { anyOf: [{ type: "string", pattern: "^[0-9]{1,3}$" }, { type: "string", enum: [...new Set([...STATUS_CASES.map((s) => s.slug), "unknown"])] }] },
            },
            ...scenarioParameters,
          ],
          responses: {
            200: {
              description: "One page of calls and where it sits in the whole list.",
              headers: { [core.SCENARIO_HEADER]: scenarioHeader },
              content: jsonContent({ $ref: schemaRef(listResponse) }, {
                page: example(ask(core, "/calls?per_page=2", { status: 200 }), "The first page, two calls a page"),
                empty: example(ask(core, "/calls", { status: 200, scenario: "empty" }), "No calls"),
              }),
            },
            ...errors,
          },
        },
      },
      [`${core.BASE_PATH}/calls/{id}`]: {
        get: {
          operationId: "getCall",
          summary: "One call",
          description: "The API documents the call wrapped as `{ call }`; some clients see the bare call object.",
          parameters: [idParameter, ...scenarioParameters],
          responses: {
            200: {
              description: "The call.",
              headers: { [core.SCENARIO_HEADER]: scenarioHeader },
              content: jsonContent({ $ref: schemaRef(callResponse) }, { withRecording: example(ask(core, `/calls/${recorded.id}`, { status: 200 }), "A call with its recording") }),
            },
            404: responseRef("NotFound"),
            ...errors,
          },
        },
      },
      [`${core.BASE_PATH}/calls/{id}/recording`]: {
        get: {
          operationId: "getCallRecording",
          summary: "Redirect to the call's recording",
          parameters: [idParameter, ...scenarioParameters],
          responses: {
            302: {
              description: "The recording file is at `Location`.",
              headers: {
                Location: {
                  required: true,
                  description: "The recording's URL (the call's `recording.url`).",
                  schema: { type: "string", format: "uri" },
                  example: ask(core, `/calls/${recorded.id}/recording`, { status: 302 }).headers.Location,
                },
                [core.SCENARIO_HEADER]: scenarioHeader,
              },
            },
            404: { ...responseRef("NotFound"), description: "No call with that id, or the call has no recording." },
            ...errors,
          },
        },
      },
    },
    components: {
      securitySchemes: { ApiAuth: { type: "apiKey", in: "header", name: core.AUTH_HEADER, description: "The account's API key." } },
      responses,
      schemas,
    },
  };
}

/** @returns {Promise<Map<string, string>>} the generated OpenAPI file: path → contents */
export async function generateOpenApi() {
  return new Map([[OPENAPI_FILE, `${JSON.stringify(await openApiDocument(), null, 2)}\n`]]);
}
