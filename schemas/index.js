// The ESM entry: the same functions as index.cjs (one implementation, so `import` and `require` agree).
export { applyProfile, isSchemaFile, loadExampleFiles, loadSchemas, schemasRoot } from "./index.cjs";
