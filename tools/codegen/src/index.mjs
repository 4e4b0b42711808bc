// Every generated file of the repository, as one map; the CLI writes or checks them.
import { generateCheckers } from "./checkers.mjs";
import { generateFastLines } from "./fast-lines.mjs";
import { generateInterop } from "./interop/index.mjs";
import { generateModel } from "./model.mjs";
import { generateTypes } from "./types.mjs";
import { generateValidators } from "./validators.mjs";

export { applyProfile } from "@fwcall/schemas";
export { schemasById } from "./schema-set.mjs";
export { buildModel, buildModelData, MODEL_FILE } from "./model.mjs";
export { createAjv, FORMAT_NAMES } from "./validators.mjs";

/** @returns {Promise<Map<string, string>>} path relative to the repository root → contents */
export async function generateAll() {
  return new Map([...generateModel(), ...(await generateTypes()), ...generateValidators(), ...generateCheckers(), ...(await generateFastLines()), ...(await generateInterop())]);
}
