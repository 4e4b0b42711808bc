// `fwcall fixtures list|show|sequence`: the fixture catalog from the command line.
import {
  DIRECTIONS,
  PLATFORMS,
  REPLAY_MODES,
  STATUS_CASES,
  UPDATE_KINDS,
  buildCase,
  caseMatrix,
  findCase,
  randomWalk,
  replay,
  sequenceOf,
  UnknownCaseError,
  type CaseCell,
  type Platform,
  type ReplayMode,
} from "@fwcall/cases";
import { CHANGES_ORDERS, type Direction } from "@fwcall/types";
import { HELP_OPTION, UsageError, oneOf, parseCommandArgs, wholeNumber, type OptionDeclarations } from "../args.js";
import { ExitCode, type Io } from "../io.js";

/**
 * The options of each `fwcall fixtures` subcommand. Its help names them in the usage line of
 * each subcommand rather than in a list of options; a test holds the two equal.
 */
export const FIXTURES_OPTIONS = {
  list: {
    event: { type: "string" },
    direction: { type: "string" },
    status: { type: "string" },
    kind: { type: "string" },
    all: { type: "boolean" },
    json: { type: "boolean" },
  },
  show: { seed: { type: "string" }, platform: { type: "string" }, "changes-order": { type: "string" } },
  sequence: {
    direction: { type: "string" },
    seed: { type: "string" },
    "max-length": { type: "string" },
    replay: { type: "string" },
    platform: { type: "string" },
    "changes-order": { type: "string" },
  },
} as const satisfies Record<string, OptionDeclarations>;

export const FIXTURES_HELP = `Usage: fwcall fixtures <list|show|sequence> [options]

The fixture catalog: one deterministic payload per case of the call-event space
(event × direction × call status × update kind), and call lifecycles as event sequences.

  fwcall fixtures list [--event create|update] [--direction incoming|outgoing]
                       [--status <name|code>] [--kind <kind>] [--all] [--json]
      one case id per line; --all adds the cases that cannot happen, with the reason
  fwcall fixtures show <id> [--seed <n>] [--platform 2.x|3.0] [--changes-order new-old|old-new]
      the payload of one case, as JSON
  fwcall fixtures sequence [--direction incoming|outgoing] [--seed <n>] [--max-length <n>]
                           [--replay ${REPLAY_MODES.join("|")}] [--platform 2.x|3.0]
                           [--changes-order new-old|old-new]
      a random call lifecycle as JSON lines: its create, then its updates

--changes-order writes updates' changes tuples as [new, old] (new-old, the default, as the docs
say) or [old, new] (old-new, as other Freshworks events send them).

-h or --help, anywhere after \`fixtures\`, shows this help.

Kinds: ${UPDATE_KINDS.map((k) => k.kind).join(", ")}
Statuses: ${STATUS_CASES.map((s) => s.slug).join(", ")}

Examples:
  fwcall fixtures list --event update --status voicemail
  fwcall fixtures show update/incoming/voicemail/recording
  fwcall fixtures sequence --direction incoming --seed 7
`;



function list(args: string[], io: Io): ExitCode {
  const { values } = parseCommandArgs({
    args,
    options: FIXTURES_OPTIONS.list,
  });
  const event = oneOf("--event", values.event, ["create", "update", "onCallCreate", "onCallUpdate"]);
  const direction = oneOf("--direction", values.direction, DIRECTIONS);
  const kind = oneOf("--kind", values.kind, UPDATE_KINDS.map((k) => k.kind));
  const status = values.status === undefined ? undefined : STATUS_CASES.find((s) => s.slug === values.status || String(s.code) === values.status);
  if (values.status !== undefined && !status) throw new UsageError(`--status must be one of ${STATUS_CASES.map((s) => s.slug).join(", ")} (or its code); found '${values.status}'`);
  const eventName = event === "create" ? "onCallCreate" : event === "update" ? "onCallUpdate" : event;
  const cells = caseMatrix().filter(
    (cell: CaseCell) =>
      (values.all || !cell.notApplicable) &&
      (!eventName || cell.event === eventName) &&
      (!direction || cell.direction === direction) &&
      (!status || cell.status.code === status.code) &&
      (!kind || cell.kind === kind),
  );
  if (values.json) {
    const rows = cells.map((c) => ({ id: c.id, event: c.event, direction: c.direction, status: c.status.code, kind: c.kind ?? null, notApplicable: c.notApplicable ?? null }));
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else {
    for (const cell of cells) io.stdout.write(cell.notApplicable ? `${cell.id}  (n/a: ${cell.notApplicable})\n` : `${cell.id}\n`);
  }
  return ExitCode.Ok;
}

function show(args: string[], io: Io): ExitCode {
  const { values, positionals } = parseCommandArgs({ args, options: FIXTURES_OPTIONS.show, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one case id, found ${positionals.length}` : "missing a case id (see 'fwcall fixtures list')");
  let cell: CaseCell;
  try {
    cell = findCase(positionals[0]!);
  } catch (error) {
    throw error instanceof UnknownCaseError ? new UsageError(error.message) : error;
  }
  if (cell.notApplicable) throw new UsageError(`case ${cell.id} cannot happen: ${cell.notApplicable}`);
  const platform: Platform = oneOf("--platform", values.platform, PLATFORMS) ?? "3.0";
  const changesOrder = oneOf("--changes-order", values["changes-order"], CHANGES_ORDERS);
  io.stdout.write(`${JSON.stringify(buildCase(cell, { seed: (wholeNumber("--seed", values.seed, 0) ?? 1), platform, changesOrder }), null, 2)}\n`);
  return ExitCode.Ok;
}

function sequence(args: string[], io: Io): ExitCode {
  const { values } = parseCommandArgs({
    args,
    options: FIXTURES_OPTIONS.sequence,
  });
  const direction: Direction = oneOf("--direction", values.direction, DIRECTIONS) ?? "incoming";
  const seed = (wholeNumber("--seed", values.seed, 0) ?? 1);
  const mode: ReplayMode = oneOf("--replay", values.replay, REPLAY_MODES) ?? "in-order";
  const platform: Platform = oneOf("--platform", values.platform, PLATFORMS) ?? "3.0";
  const changesOrder = oneOf("--changes-order", values["changes-order"], CHANGES_ORDERS);
  const walk = sequenceOf(randomWalk(direction, seed, (wholeNumber("--max-length", values["max-length"], 1) ?? 12)), { seed, platform, changesOrder });
  for (const event of replay(walk, mode, seed)) io.stdout.write(`${JSON.stringify(event)}\n`);
  return ExitCode.Ok;
}

const SUBCOMMANDS: Record<string, (args: string[], io: Io) => ExitCode> = { list, show, sequence };

/** Runs `fwcall fixtures …`. */
export async function fixturesCommand(args: readonly string[], io: Io): Promise<ExitCode> {
  const [sub, ...rest] = args;
  if (sub === undefined) throw new UsageError(`missing a subcommand (subcommands: ${Object.keys(SUBCOMMANDS).join(", ")})`);
  const help = Object.keys(HELP_OPTION).map((name) => `--${name}`).concat("-h");
  if ([sub, ...rest].some((arg) => help.includes(arg))) {
    io.stdout.write(FIXTURES_HELP);
    return ExitCode.Ok;
  }
  const run = Object.hasOwn(SUBCOMMANDS, sub) ? SUBCOMMANDS[sub] : undefined;
  if (!run) throw new UsageError(`unknown subcommand '${sub}' (subcommands: ${Object.keys(SUBCOMMANDS).join(", ")})`);
  return run(rest, io);
}
