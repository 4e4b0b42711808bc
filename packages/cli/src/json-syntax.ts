// The scanner that names where and why a text is not JSON lives in @fwcall/validate, beside the reader that uses it.
export { findJsonSyntaxError } from "@fwcall/validate/json-file";
