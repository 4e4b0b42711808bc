// Lines, columns and excerpts of a text live in @fwcall/validate, beside the JSON reader that locates its problems with them.
export { describeLocation, excerpt, lineColumn, type TextLocation } from "@fwcall/validate/json-file";
