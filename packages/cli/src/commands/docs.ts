// `fwcall docs`: the AsyncAPI and OpenAPI documents as static HTML pages. The rendering is
// @fwcall/interop's (renderDocs); this parses options and prints.
import { DOCS_RENDERERS, DocsError, renderDocs } from "@fwcall/interop/docs";
import { HELP_OPTION, UsageError, optionsHelp, parseCommandArgs, type OptionDeclarations } from "../args.js";
import { ExitCode, type Io } from "../io.js";

/** Where the pages go when --out is not given, relative to the current folder. */
export const DEFAULT_DOCS_DIR = "fwcall-docs";

/** The options of `fwcall docs`: what it parses and what its help lists. */
export const DOCS_OPTIONS = {
  out: { type: "string", value: "<dir>", help: `the folder to write (default: ${DEFAULT_DOCS_DIR}/ in the current folder)` },
  force: { type: "boolean", help: ["write into a non-empty folder that fwcall docs did not write", "(its other files are left alone)"] },
  ...HELP_OPTION,
} as const satisfies OptionDeclarations;

export const DOCS_HELP = `Usage: fwcall docs [--out <dir>] [--force]

Renders fwcall's AsyncAPI 3.0 document of the call events (onCallCreate, onCallUpdate) and its
OpenAPI 3.1 document of the Freshcaller REST API (GET /api/v1/calls, /api/v1/calls/{id},
/api/v1/calls/{id}/recording) to static HTML:

  index.html      what is documented, with links (no script)
  asyncapi.html   the call events, rendered by the AsyncAPI React component
  openapi.html    the REST API, rendered by Redoc
  asyncapi.json, openapi.json, and the renderers' scripts and styles under assets/

The pages load nothing from the network: open index.html from disk, or serve the folder as it is.
The renderers are optional packages, installed only by those who render: add
${DOCS_RENDERERS.map((r) => `${r.name}@${r.version}`).join(" and ")} to your devDependencies.

The folder must be new, empty, or written by fwcall docs before (it keeps a .fwcall-docs.json);
anything else needs --force. Links in it are never written through.

Options:
${optionsHelp(DOCS_OPTIONS)}

Examples:
  fwcall docs
  fwcall docs --out public/api-docs

Exit codes: 0 written; 2 a renderer is not installed, the folder cannot be written, or an unusable
command line.
`;

/** Runs `fwcall docs …`. */
export async function docsCommand(args: readonly string[], io: Io): Promise<ExitCode> {
  const { values } = parseCommandArgs({ args: [...args], options: DOCS_OPTIONS });
  if (values.help) {
    io.stdout.write(DOCS_HELP);
    return ExitCode.Ok;
  }
  const out = values.out ?? DEFAULT_DOCS_DIR;
  if (out.trim() === "") throw new UsageError("--out must name a folder; found an empty value");
  let result;
  try {
    result = await renderDocs(out, { force: values.force === true });
  } catch (error) {
    if (!(error instanceof DocsError)) throw error;
    io.stderr.write(`fwcall docs: ${error.message}\n`);
    return ExitCode.Unusable;
  }
  for (const warning of result.warnings) io.stderr.write(`fwcall docs: warning: ${warning}\n`);
  const by = result.renderers.map((r) => `${r.renders} by ${r.name} ${r.version}`).join(", ");
  io.stdout.write(`Wrote ${result.files.length} files to ${result.outDir} (${by}).\nOpen ${result.outDir}/index.html in a browser; it works offline, from disk.\n`);
  return ExitCode.Ok;
}
