// The ESM entry's types: the same declarations as model.d.cts.
export * from "./model.cjs";
