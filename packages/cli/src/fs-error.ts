// File-system errors in words live in @fwcall/validate, beside the file reader that words its problems with them.
export { describeFileType, describeFsError } from "@fwcall/validate/json-file";
