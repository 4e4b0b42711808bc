// Public API of @fwcall/types: the generated types and enum constants, and the changes accessor.
export * from "./generated/enums.js";
export * from "./generated/schemas.js";
export * from "./changes.js";
export { setMatchListener, type MatchListener } from "./match-listener.js";
