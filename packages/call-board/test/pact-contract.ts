// The HTTP pact between the call board and the Freshcaller REST API: its names, where it is
// committed, the interactions it holds, and the command that rewrites it. Shared by the consumer
// test (the file's one writer) and the provider test.
import { fileURLToPath } from "node:url";
import type { ScenarioName } from "@fwcall/msw/core";
import { PROVIDERS } from "@fwcall/pact";

/** The consumer, as the pact names it. */
export const CONSUMER = "fwcall-call-board";
/** The provider: Freshcaller's REST API, which fwcall's mock server stands in for. */
export const PROVIDER = PROVIDERS.restApi;
/** The committed pact file: contracts/<consumer>-<provider>.json at the repository root. */
export const CONTRACT = fileURLToPath(new URL(`../../../contracts/${CONSUMER}-${PROVIDER}.json`, import.meta.url));
/** What to run when the committed contract is stale. */
export const REWRITE_COMMAND = "pnpm contracts (or: pnpm --filter @fwcall/call-board contracts)";

/**
 * Every interaction of the pact, by the name the tests use, with its description and the mock
 * scenario its provider state names (the state's name is the scenario's: the verifier sends it to
 * the mock server as X-Fwcall-Scenario).
 */
export const INTERACTIONS = {
  firstPage: { description: "the first page of calls", scenario: "every-case" },
  laterPage: { description: "a later page of calls", scenario: "every-case" },
  oneCall: { description: "one call, with its recording", scenario: "every-case" },
  recording: { description: "the redirect to a call's recording", scenario: "every-case" },
  unknownCall: { description: "a call that does not exist", scenario: "every-case" },
  invalidRange: { description: "a page of calls in a time range that ends before it starts", scenario: "every-case" },
  rateLimited: { description: "a page of calls while rate limited", scenario: "rate-limited" },
} as const satisfies Record<string, { description: string; scenario: ScenarioName }>;

/** The name a test uses for an interaction. */
export type InteractionName = keyof typeof INTERACTIONS;

