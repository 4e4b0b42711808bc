// The providers fwcall's contracts are verified against, by the names the pacts give them: one
// spelling for the consumer tests that write the pacts and the CLI that fetches them from a broker.

/** Provider names as pacts (and a Pact Broker) know them. */
export const PROVIDERS = {
  /** Freshworks' call events (onCallCreate, onCallUpdate), played by fwcall's fixture catalog. */
  callEvents: "freshworks-call-events",
  /** Freshcaller's REST API, played by fwcall's mock server. */
  restApi: "freshcaller-rest-api",
} as const;

/** One of fwcall's provider names. */
export type ProviderName = (typeof PROVIDERS)[keyof typeof PROVIDERS];
