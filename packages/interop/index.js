// The ESM entry: the same functions as index.cjs (one implementation, so `import` and `require` agree).
export { asyncApiPath, openApiPath, loadAsyncApi, loadOpenApi } from "./index.cjs";
