// Every command's help and its options come from one declaration (issue 13 item 5): each option a
// command parses is named in its help, and every option its help names is one it parses, so a
// help text cannot promise an option that is gone nor hide one that was added.
import { describe, expect, it } from "vitest";
import { optionLabel, optionsHelp, type OptionDeclarations } from "../src/args.js";
import { CAN_I_DEPLOY_OPTIONS, PUBLISH_OPTIONS } from "../src/commands/broker.js";
import { CHECK_OPTIONS } from "../src/commands/contracts.js";
import { VERIFY_OPTIONS } from "../src/commands/contracts-verify.js";
import { COVERAGE_OPTIONS } from "../src/commands/coverage.js";
import { DOCS_OPTIONS } from "../src/commands/docs.js";
import { FDK_OPTIONS } from "../src/commands/fdk.js";
import { FIXTURES_OPTIONS } from "../src/commands/fixtures.js";
import { MOCK_OPTIONS } from "../src/commands/mock.js";
import { VALIDATE_OPTIONS } from "../src/commands/validate.js";
import { MAIN_OPTIONS } from "../src/main.js";
import { run } from "./helpers.js";

/**
 * The options a help text names: `--name` and `-x` (not the `-` of standard input, nor words such
 * as Ctrl-C or X-Api-Auth, nor another program's options in a pipeline such as `curl -s … | fwcall …`).
 */
function namedIn(text: string): string[] {
  const help = text
    .split("\n")
    .map((line) => (line.includes(" | ") ? line.split(" | ").filter((part) => part.includes("fwcall")).join(" | ") : line))
    .join("\n");
  const long = [...help.matchAll(/(?<![\w-])--([a-z][a-z0-9-]*[a-z0-9])/g)].map((m) => `--${m[1]}`);
  const short = [...help.matchAll(/(?<![\w-])-([a-zA-Z])(?![\w-])/g)].map((m) => `-${m[1]}`);
  return [...new Set([...long, ...short])].sort();
}

/** The options a declaration makes parseArgs accept, spelled as on a command line. */
const declared = (...all: OptionDeclarations[]): string[] =>
  [...new Set(all.flatMap((options) => Object.entries(options).flatMap(([name, { short }]) => [`--${name}`, ...(short === undefined ? [] : [`-${short}`])])))].sort();

const HELP = { help: { type: "boolean", short: "h" } } as const;

const COMMANDS: Array<[string, string[], string[]]> = [
  ["fwcall", ["--help"], declared(MAIN_OPTIONS)],
  ["fwcall validate", ["validate", "--help"], declared(VALIDATE_OPTIONS)],
  // fixtures reads --help and -h itself, before the subcommand's options.
  ["fwcall fixtures", ["fixtures", "--help"], declared(FIXTURES_OPTIONS.list, FIXTURES_OPTIONS.show, FIXTURES_OPTIONS.sequence, HELP)],
  ["fwcall fdk", ["fdk", "--help"], declared(FDK_OPTIONS)],
  ["fwcall coverage", ["coverage", "--help"], declared(COVERAGE_OPTIONS)],
  ["fwcall mock", ["mock", "--help"], declared(MOCK_OPTIONS)],
  ["fwcall contracts check", ["contracts", "check", "--help"], declared(CHECK_OPTIONS)],
  ["fwcall contracts verify", ["contracts", "verify", "--help"], declared(VERIFY_OPTIONS)],
  ["fwcall contracts publish", ["contracts", "publish", "--help"], declared(PUBLISH_OPTIONS)],
  ["fwcall contracts can-i-deploy", ["contracts", "can-i-deploy", "--help"], declared(CAN_I_DEPLOY_OPTIONS)],
  ["fwcall docs", ["docs", "--help"], declared(DOCS_OPTIONS)],
];

describe("every command's help names exactly the options it parses", () => {
  it.each(COMMANDS)("%s", async (_name, argv, options) => {
    const result = await run(argv);
    expect(result.code).toBe(0);
    expect(namedIn(result.stdout)).toEqual(options);
  });

  it("lists each option with a help line in the Options section, as optionsHelp writes it", async () => {
    for (const [argv, options] of [
      [["validate", "--help"], VALIDATE_OPTIONS],
      [["coverage", "--help"], COVERAGE_OPTIONS],
      [["contracts", "can-i-deploy", "--help"], CAN_I_DEPLOY_OPTIONS],
      [["contracts", "verify", "--help"], VERIFY_OPTIONS],
      [["docs", "--help"], DOCS_OPTIONS],
    ] as const) {
      const help = (await run([...argv])).stdout;
      expect(help).toContain(optionsHelp(options));
      for (const [name, option] of Object.entries(options as OptionDeclarations)) {
        if (option.help !== undefined) expect(help).toMatch(new RegExp(`\\n  ${optionLabel(name, option).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}  `));
      }
    }
  });
});

describe("optionsHelp", () => {
  it("puts every text in one column, two spaces after the longest option, further lines under the first", () => {
    const text = optionsHelp({
      json: { type: "boolean", help: "print JSON" },
      "max-bytes": { type: "string", value: "<n>", help: ["refuse larger payloads", "bytes, or with K, M, G"] },
      quiet: { type: "boolean" },
      help: { type: "boolean", short: "h", help: "show this help" },
    });
    expect(text.split("\n")).toEqual([
      "  --json           print JSON",
      "  --max-bytes <n>  refuse larger payloads",
      "                   bytes, or with K, M, G",
      "  -h, --help       show this help",
    ]);
  });
});
