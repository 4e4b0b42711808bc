// The `date-time` format as a regex the Pact verifier (Rust regex) runs: the shape of every string
// ajv-formats' full date-time accepts (RFC 3339 with a time zone; T, t or a space between date and
// time; optional fraction; Z or an offset). [0-9] rather than \d: Rust's \d matches every Unicode digit.

/** Pact regex for the schemas' `date-time` strings. */
export const DATE_TIME_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt\\s][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]+)?(?:[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)$";
