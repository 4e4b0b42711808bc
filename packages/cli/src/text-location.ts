// Lines, columns and excerpts of a text live in @fwcall/validate, beside the JSON reader that locates its problems with them.
export { excerpt, lineColumn } from "@fwcall/validate/json-file";
