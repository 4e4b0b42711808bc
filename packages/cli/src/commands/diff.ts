// `fwcall diff [<base>] [<head>]`: what a schema change does to the consumers fwcall can see. The
// logic is @fwcall/diff's; this parses options and prints.
import { resolve } from "node:path";
import { DiffInputError, diffSchemas, formatMarkdown, formatText, toJson } from "@fwcall/diff";
import { HELP_OPTION, UsageError, optionsHelp, parseCommandArgs, type OptionDeclarations } from "../args.js";
import { ExitCode, type Io } from "../io.js";

/** The options of `fwcall diff`: what it parses and what its help lists. */
export const DIFF_OPTIONS = {
  pacts: { type: "string", multiple: true, value: "<path>", help: ["a pact file, or a folder of them, to judge (repeatable; default: contracts/", "at the root of the git repository)"] },
  consumers: {
    type: "string",
    multiple: true,
    value: "<dir>",
    help: ["a source folder to judge by the exhaustive matchers of @fwcall/types it", "imports (repeatable; default: every package in the git repository whose", "package.json depends on @fwcall/types)"],
  },
  schemas: { type: "string", value: "<dir>", help: "the repository's schemas folder (default: schemas/ at the root of the git repository)" },
  json: { type: "boolean", help: "print the report as one JSON document" },
  markdown: { type: "boolean", help: "print a Markdown summary for a pull-request comment" },
  ...HELP_OPTION,
} as const satisfies OptionDeclarations;

export const DIFF_HELP = `Usage: fwcall diff [<base>] [<head>] [options]

Compares two versions of fwcall's schemas and says which consumers the change breaks.
<base> and <head> are each a schemas folder (when one exists at that path) or a git revision
(a branch, a tag, a commit), read with git ls-tree and git show: nothing is checked out.
<base> defaults to HEAD, <head> to the working tree's schemas folder.

Every change is classified per profile (lenient, strict) at the payload path it touches: added
optional or required field, removed field, field made optional or required, type narrowed, widened
or changed, nullability changed, enum value added or removed, values limited or opened, constraints
(limits, format, pattern), objects closed or opened, events and REST resources added or removed.

Consumers judged:
  pact files     a removed field, a field made optional, a changed type or nullability breaks a
                 pact that reads the place (its example holds it or a matching rule names it); a
                 removed enum value breaks a pact that expects it there
  source folders a new, removed or renamed enum value breaks source that imports the enum's exhaustive
                 matcher from @fwcall/types (matchCallStatus, matchDirection, …)
An added optional field breaks nobody.

Options:
${optionsHelp(DIFF_OPTIONS)}

Examples:
  fwcall diff                          # HEAD against the working tree
  fwcall diff main --markdown          # the branch's change, as a pull-request comment
  fwcall diff v0.1.0 HEAD --json
  fwcall diff old/schemas schemas --pacts contracts --consumers apps/my-app

Exit codes: 0 no consumer breaks; 1 a consumer breaks (each named with the paths and the reason);
2 unusable input (an unknown revision, a folder without schemas, a file that is not JSON or no
pact) or command line.
`;

/** Runs `fwcall diff …`. */
export async function diffCommand(args: readonly string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs({ args: [...args], options: DIFF_OPTIONS, allowPositionals: true });
  if (values.help) {
    io.stdout.write(DIFF_HELP);
    return ExitCode.Ok;
  }
  if (positionals.length > 2) throw new UsageError(`expected at most <base> and <head>; found ${positionals.length} arguments`);
  if (values.json && values.markdown) throw new UsageError("--json and --markdown cannot be combined; choose one");
  // resolve("") is the current folder, which nobody means by an empty value
  const empty = (["pacts", "consumers", "schemas"] as const).find((name) => [values[name]].flat().includes(""));
  if (empty !== undefined) throw new UsageError(`--${empty} was given an empty path`);
  const [base, head] = positionals;
  let report;
  try {
    report = diffSchemas({
      ...(base === undefined ? {} : { base }),
      ...(head === undefined ? {} : { head }),
      ...(values.schemas === undefined ? {} : { schemasDir: resolve(values.schemas) }),
      ...(values.pacts === undefined ? {} : { pacts: values.pacts }),
      ...(values.consumers === undefined ? {} : { consumers: values.consumers }),
    });
  } catch (error) {
    if (!(error instanceof DiffInputError)) throw error;
    io.stderr.write(`fwcall diff: ${error.message}\n`);
    return ExitCode.Unusable;
  }
  io.stdout.write(values.json ? `${JSON.stringify(toJson(report), null, 2)}\n` : values.markdown ? formatMarkdown(report) : formatText(report));
  return report.broken ? ExitCode.Invalid : ExitCode.Ok;
}
