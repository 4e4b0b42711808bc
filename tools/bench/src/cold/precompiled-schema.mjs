// Cold start (b'): import only the generated strict module from @fwcall/validate's build and run
// its schema check once (no rules, no lenient module): the floor of the precompiled approach.
import { readFileSync } from "node:fs";
import { strictGeneratedUrl } from "../locate.mjs";

const { OnCallUpdatePayload } = (await import(strictGeneratedUrl)).validators();
const payload = JSON.parse(readFileSync(process.argv[2], "utf8"));
if (!OnCallUpdatePayload(payload)) process.exit(3);
