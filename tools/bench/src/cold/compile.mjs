// Cold start (c): import ajv and ajv-formats, compile the strict onCallUpdate schema (and the
// schemas it references) from @fwcall/schemas at start-up, with the options the precompiled code
// was generated with, and validate one payload.
import { readFileSync } from "node:fs";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { codegenValidatorsUrl } from "../locate.mjs";

const { createAjv } = await import(codegenValidatorsUrl);
const validate = createAjv("strict", fullFormats).getSchema("https://fwcall.dev/schemas/on-call-update.json");
const payload = JSON.parse(readFileSync(process.argv[2], "utf8"));
if (!validate(payload)) process.exit(3);
