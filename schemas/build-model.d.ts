// The ESM entry's types: the same declarations as build-model.d.cts.
export * from "./build-model.cjs";
