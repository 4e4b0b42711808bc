// The ESM entry of the schema model: the same functions as model.cjs (one implementation, so `import` and `require` agree).
export { definitionsUnder, ENVELOPES, fieldsOf, isNullable, linkModel, MODEL_PROFILES, resolveNode, schemaModel, toJsonSchema, UnknownDefinitionError } from "./model.cjs";
