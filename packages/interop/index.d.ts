// The ESM entry's types: the same declarations as index.d.cts.
export * from "./index.cjs";
