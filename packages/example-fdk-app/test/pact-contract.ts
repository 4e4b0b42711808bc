// The message pact between this app and the call events: its names, where it is committed, and
// the command that rewrites it. Shared by the consumer test (its one writer) and the provider test.
import { join } from "node:path";
import { PROVIDERS } from "@fwcall/pact";
import { APP_DIR } from "./app.js";

/** The consumer, as the pact names it. */
export const CONSUMER = "fwcall-example-fdk-app";
/** The provider: Freshworks' call events, which fwcall's fixture catalog stands in for. */
export const PROVIDER = PROVIDERS.callEvents;
/** The committed pact file: contracts/<consumer>-<provider>.json at the repository root. */
export const CONTRACT = join(APP_DIR, "..", "..", "contracts", `${CONSUMER}-${PROVIDER}.json`);
/** What to run when the committed contract is stale. */
export const REWRITE_COMMAND = "pnpm contracts (or: pnpm --filter @fwcall/example-fdk-app contracts)";
