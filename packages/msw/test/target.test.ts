// The server reads request targets without `new URL` when it can; it must read every target exactly
// as URL does (path, search and every query parameter), and reject the same ones.
import { describe, expect, it } from "vitest";
import { seededRandom } from "@fwcall/cases";
import { splitTarget } from "../src/target.js";

/** What the server read before: decodeURIComponent as a check, then URL. */
function viaUrl(target: string) {
  try {
    decodeURIComponent(target);
    const url = new URL(target, "http://mock.invalid");
    return { pathname: url.pathname, search: url.search, params: [...url.searchParams] };
  } catch (error) {
    return { error: (error as Error).name };
  }
}

function viaSplit(target: string) {
  try {
    const split = splitTarget(target);
    return { pathname: split.pathname, search: split.search, params: [...split.searchParams] };
  } catch (error) {
    return { error: (error as Error).name };
  }
}

const HOSTILE = [
  "/",
  "",
  "*",
  "/api/v1/calls",
  "/api/v1/calls/",
  "/api/v1/calls/578844",
  "/api/v1/calls/578844/recording",
  "/api/v1/calls?",
  "/api/v1/calls??",
  "/api/v1/calls?page=1&per_page=100",
  "/api/v1/calls?page=1&page=2",
  "/api/v1/calls?scenario=busy-week&scenario=empty",
  "/api/v1/calls?sc%65nario=empty",
  "/api/v1/calls?%73cenario=empty",
  "/api/v1/calls?scenario=busy%2Dweek",
  "/api/v1/calls?scenario=busy+week",
  "/api/v1/calls?scenario",
  "/api/v1/calls?=x&&&a==b",
  "/api/v1/calls?by_time[from]=2024-03-05T00:00:00Z&by_time[to]=2024-03-06T12:00:00%2B02:00",
  "/api/v1/calls?q=a b",
  "/api/v1/calls?q=\"x\"&r='y'",
  "/api/v1/calls?q=<script>",
  "/api/v1/calls?q={a}|b^c`d\\e",
  "/api/v1/calls?q=%",
  "/api/v1/calls?q=%zz",
  "/api/v1/calls?q=%E0%A4%A",
  "/api/v1/calls?q=caf\u00e9",
  "/api/v1/calls?q=\u00ff\u0080",
  "/api/v1/calls#frag",
  "/api/v1/calls?page=1#frag",
  "/api/v1/calls/1#/recording",
  "/api/v1/../v1/calls",
  "/api/v1/calls/../calls/1",
  "/api/v1/calls/./1",
  "/api/v1/calls/1/..",
  "/api/v1/calls/%2e%2e/calls/1",
  "/api/v1/calls/%2E/1",
  "/api/v1/calls/.%2e/x",
  "/api/v1/calls/%31",
  "/api/v1/calls/%E0%A4%A",
  "/api/v1/calls/%",
  "/api/v1/calls\\1",
  "\\api\\v1\\calls",
  "//evil.example/api/v1/calls",
  "///api/v1/calls",
  "//",
  "/api//v1//calls",
  "/api/v1/calls/1 2",
  "/api/v1/calls/<1>",
  "/api/v1/calls/{1}",
  "/api/v1/calls/`1`",
  "/api/v1/calls/^1|",
  "/api/v1/calls/'1'",
  "/api/v1/calls/\"1\"",
  "/api/v1/calls/caf\u00e9",
  "/api/v1/calls/\u00e9?x=\u00e9",
  "/api/v1/calls/1;x=y",
  "/api/v1/calls/1@host:80",
  "/api/v1/calls/1\t",
  "/api/v1/calls/1\u0000",
  "/api/v1/calls/1\u007f",
  "http://other.example/api/v1/calls/1",
  "http://other.example:99999/api/v1/calls/1",
  "https://[::1]/api/v1/calls?page=2",
  "mailto:someone",
  "api/v1/calls",
  "./api/v1/calls",
  "../api/v1/calls",
  "?page=1",
  "#x",
  `/api/v1/calls?q=${"a".repeat(9_000)}`,
  `/api/v1/calls/${"1".repeat(9_000)}`,
  `/${"../".repeat(500)}api/v1/calls`,
];

describe("splitTarget reads a request target as new URL does", () => {
  it("for hostile and unusual targets", () => {
    for (const target of HOSTILE) expect(viaSplit(target), JSON.stringify(target.slice(0, 80))).toEqual(viaUrl(target));
  });

  it("for 20,000 random targets built from the characters that matter", () => {
    const alphabet = ["/", "/", "/", "?", "&", "=", "#", "%", "%2e", "%2E", "%41", "%E0%A4", ".", "..", "\\", "+", " ", '"', "'", "<", ">", "`", "{", "}", "|", "^", "[", "]", ";", ":", "@", "!", "$", "~", "\t", "\u00e9", "\u0000", "\u007f", "a", "1", "api", "v1", "calls", "scenario", "page"];
    const rng = seededRandom(20_261_202);
    let fast = 0;
    for (let i = 0; i < 20_000; i++) {
      let target = rng.next() < 0.8 ? "/" : "";
      for (let n = rng.int(0, 12); n > 0; n--) target += rng.pick(alphabet);
      expect(viaSplit(target), JSON.stringify(target)).toEqual(viaUrl(target));
      if (!safeIsUrl(target)) fast++;
    }
    // The comparison means something only if both readings were exercised.
    expect(fast).toBeGreaterThan(1_000);
    expect(fast).toBeLessThan(20_000);
  });

  it("skips URL for the targets clients send, and parses the query only when asked", () => {
    for (const target of ["/api/v1/calls/578844", "/api/v1/calls?page=1&per_page=100", "/api/v1/calls?by_time[from]=2024-03-05T00:00:00Z&status=missed"]) {
      expect(splitTarget(target), target).not.toBeInstanceOf(URL);
    }
    for (const target of ["/api/v1/calls/../calls/1", "/api/v1/calls/%31", "//evil.example/api/v1/calls", "/api/v1/calls#x", "/api/v1/calls?q=a b"]) {
      expect(splitTarget(target), target).toBeInstanceOf(URL);
    }
    const split = splitTarget("/api/v1/calls?page=2&page=3&x=%41+b");
    expect(split.searchParams.getAll("page")).toEqual(["2", "3"]);
    expect(split.searchParams.get("x")).toBe("A b");
    expect(split.searchParams).toBe(split.searchParams);
  });
});

/** Whether splitTarget fell back to URL for a target (it throws for the ones both reject). */
function safeIsUrl(target: string): boolean {
  try {
    return splitTarget(target) instanceof URL;
  } catch {
    return true;
  }
}
