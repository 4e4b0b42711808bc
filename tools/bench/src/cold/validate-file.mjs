// The peer of bench:startup: what a user's own script does to validate one payload file, with
// nothing of the CLI: import @fwcall/validate's build, read and parse the file, validate it
// (lenient, as `fwcall validate` by default), print one line.
import { readFileSync } from "node:fs";
import { parseCallEvent } from "@fwcall/validate";

const parsed = parseCallEvent(JSON.parse(readFileSync(process.argv[2], "utf8")), { profile: "lenient" });
console.log(parsed.ok ? "valid" : "invalid");
if (!parsed.ok) process.exitCode = 1;
