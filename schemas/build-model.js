// The ESM entry of the model builder: the same functions as build-model.cjs (one implementation, so `import` and `require` agree).
export { buildModel, buildModelData } from "./build-model.cjs";
