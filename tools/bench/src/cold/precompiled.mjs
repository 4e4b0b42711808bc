// Cold start (b): import @fwcall/validate's build and validate one payload with the public API.
import { readFileSync } from "node:fs";
import { validateOnCallUpdate } from "@fwcall/validate";

const payload = JSON.parse(readFileSync(process.argv[2], "utf8"));
if (!validateOnCallUpdate(payload, { profile: "strict" }).valid) process.exit(3);
