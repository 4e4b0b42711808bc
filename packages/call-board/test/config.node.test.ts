// The board's configuration: mock mode, API base and key, scenario, stream parameters.
import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_SCENARIO, DEV_API_KEY, isMockMode, readConfig, type BoardEnv } from "../src/config.js";

const page = new URL("http://127.0.0.1:5173/?scenario=busy-week&speed=5&paused=1&seed=9&unrelated=x");
const dev: BoardEnv = { DEV: true, MODE: "development" };
const production: BoardEnv = { DEV: false, MODE: "production" };

describe("isMockMode", () => {
  it("mocks in the dev server and in mock builds unless VITE_FWCALL_MOCK says otherwise", () => {
    expect(isMockMode({ flag: undefined, dev: true, mode: "development" })).toBe(true);
    expect(isMockMode({ flag: undefined, dev: false, mode: "mock" })).toBe(true);
    expect(isMockMode({ flag: undefined, dev: false, mode: "production" })).toBe(false);
    expect(isMockMode({ flag: "false", dev: true, mode: "development" })).toBe(false);
    expect(isMockMode({ flag: "true", dev: false, mode: "production" })).toBe(true);
    expect(isMockMode({ flag: "", dev: false, mode: "production" })).toBe(false);
    expect(() => isMockMode({ flag: "yes", dev: false, mode: "production" })).toThrow(ConfigError);
  });
});

describe("readConfig", () => {
  it("mocked: the page's origin, the dev key, the page's scenario, seed and stream parameters", () => {
    expect(readConfig(dev, page)).toEqual({
      apiBase: "http://127.0.0.1:5173",
      apiKey: DEV_API_KEY,
      mocked: true,
      scenario: "busy-week",
      seed: 9,
      streamUrl: "http://127.0.0.1:5173/api/v1/stream?seed=9&speed=5&paused=1",
    });
    expect(readConfig(dev, new URL("http://localhost:5173/")).scenario).toBe(DEFAULT_SCENARIO);
  });

  it("against the real API: base and key from the env, and no key is an error that says what to set", () => {
    const config = readConfig({ ...production, VITE_FWCALL_API_BASE: "https://acme.freshcaller.com/", VITE_FWCALL_API_KEY: "secret" }, page);
    expect(config).toMatchObject({ apiBase: "https://acme.freshcaller.com", apiKey: "secret", mocked: false });
    expect(config.streamUrl).toBe("https://acme.freshcaller.com/api/v1/stream?seed=9&speed=5&paused=1");
    expect(() => readConfig(production, page)).toThrow(/Set VITE_FWCALL_API_KEY/);
  });

  it("rejects a seed that is not an integer and a base that is not a URL", () => {
    expect(() => readConfig(dev, new URL("http://localhost/?seed=abc"))).toThrow(/\?seed= must be an integer; got "abc"/);
    expect(() => readConfig({ ...dev, VITE_FWCALL_API_BASE: "http://[nope" }, page)).toThrow(/VITE_FWCALL_API_BASE is not a URL/);
  });
});
