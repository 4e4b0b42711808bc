// Where the board gets its data: the API base URL and key from Vite's env (VITE_FWCALL_*), whether
// the msw worker stands in for Freshcaller, and the mock's knobs from the page's query string.
// No DOM here: vite.config.ts uses isMockMode too.

/** The Vite mode whose builds run against the msw worker (`vite build --mode mock`). */
const MOCK_MODE = "mock";
/** The API key the board sends when the mock answers: the mock only checks that one is present. */
export const DEV_API_KEY = "fwcall-dev-key";
/** The scenario the mock serves unless the page asks for another with `?scenario=`. */
export const DEFAULT_SCENARIO = "every-case";
/** Query parameters of the page passed on, as they are, to `GET /api/v1/stream`. */
const STREAM_PARAMS = ["seed", "speed", "calls", "paused", "loop"] as const;

/** The env entries the board reads (a subset of Vite's ImportMetaEnv). */
export interface BoardEnv {
  readonly DEV: boolean;
  readonly MODE: string;
  /** Origin (and optional path prefix) of the Freshcaller API, e.g. https://acme.freshcaller.com; default: the page's origin. */
  readonly VITE_FWCALL_API_BASE?: string;
  /** Sent as X-Api-Auth; required unless mocked. */
  readonly VITE_FWCALL_API_KEY?: string;
  /** "true" or "false" to force the msw worker on or off; default: on in the dev server and in `--mode mock` builds. */
  readonly VITE_FWCALL_MOCK?: string;
}

/** Everything the board needs to start. */
export interface BoardConfig {
  /** Absolute base URL the REST client and the stream use; `/api/v1/...` is appended. */
  apiBase: string;
  apiKey: string;
  /** Whether main.ts starts the msw worker before fetching. */
  mocked: boolean;
  /** The mock's scenario (meaningful only when mocked). */
  scenario: string;
  /** The mock's data seed from `?seed=`, if given (meaningful only when mocked). */
  seed: number | undefined;
  /** Absolute URL of the live event stream, with the page's stream parameters. */
  streamUrl: string;
}

/** The board cannot start with this configuration; the message says what to set. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Whether this build or dev server runs against the msw worker: VITE_FWCALL_MOCK decides, else dev server or mock mode. */
export function isMockMode(input: { flag: string | undefined; dev: boolean; mode: string }): boolean {
  const flag = input.flag?.trim();
  if (flag === "true") return true;
  if (flag === "false") return false;
  if (flag !== undefined && flag !== "") throw new ConfigError(`VITE_FWCALL_MOCK must be "true" or "false"; got "${flag}"`);
  return input.dev || input.mode === MOCK_MODE;
}

/**
 * The board's configuration from Vite's env and the page's URL.
 * @example readConfig(import.meta.env, new URL(location.href))
 */
export function readConfig(env: BoardEnv, page: URL): BoardConfig {
  const mocked = isMockMode({ flag: env.VITE_FWCALL_MOCK, dev: env.DEV, mode: env.MODE });
  const base = env.VITE_FWCALL_API_BASE?.trim() || page.origin;
  let apiBase: string;
  try {
    apiBase = new URL(base, page).href.replace(/\/+$/, "");
  } catch {
    throw new ConfigError(`VITE_FWCALL_API_BASE is not a URL: "${base}"`);
  }
  const apiKey = env.VITE_FWCALL_API_KEY?.trim() || (mocked ? DEV_API_KEY : "");
  if (!apiKey) throw new ConfigError("Set VITE_FWCALL_API_KEY to your Freshcaller API key (or run the dev server, which uses the mock)");
  const rawSeed = page.searchParams.get("seed");
  const seed = rawSeed === null ? undefined : Number(rawSeed);
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw new ConfigError(`?seed= must be an integer; got "${rawSeed}"`);
  const stream = new URL(`${apiBase}/api/v1/stream`);
  for (const name of STREAM_PARAMS) {
    const value = page.searchParams.get(name);
    if (value !== null) stream.searchParams.set(name, value);
  }
  return { apiBase, apiKey, mocked, scenario: page.searchParams.get("scenario") ?? DEFAULT_SCENARIO, seed, streamUrl: stream.href };
}
