// The quick proof that a JSON text writes no key twice lives in @fwcall/validate, beside the exact
// scan it spares and the JSON Lines reader that uses it on every line.
export { surelyNoDuplicateKeys } from "@fwcall/validate";
