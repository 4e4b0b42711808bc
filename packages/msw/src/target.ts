// The path and query of a node:http request target, read exactly as `new URL(target, base)` reads
// them, without building a URL for the targets a client usually sends. A URL costs a few
// microseconds per request (the server's whole budget is about twenty); anything unusual (dot
// segments, %-escapes or backslashes in the path, "//", a fragment, characters URL would escape,
// absolute or asterisk form) still goes through URL, so hostile input is read as before.
import type { ApiTarget } from "./core.js";

const BASE = "http://mock.invalid";

/**
 * A path that URL leaves as it is: "/" then unreserved and sub-delim characters, no "//" at the
 * start (URL would read a host), no ".", "%" or "\" (dot segments, %2e, backslash as slash).
 */
const PLAIN_PATH = /^\/(?!\/)[A-Za-z0-9\-_~!$&()*+,;=:@/]*$/;
/** A query that URL leaves as it is: no space, quote, apostrophe, "<", ">", "#", control or non-ASCII character. */
const PLAIN_QUERY = /^[A-Za-z0-9\-_.~!$&()*+,;=:@/?%[\]{}|^`]*$/;

/** A target whose query is parsed only when asked for (most requests have none). */
class PlainTarget implements ApiTarget {
  #params: URLSearchParams | undefined;
  constructor(
    readonly pathname: string,
    readonly search: string,
  ) {}
  get searchParams(): URLSearchParams {
    return (this.#params ??= new URLSearchParams(this.search));
  }
}

/** The path and query of a request target as URL reads them; throws (URIError or TypeError) on bad %-escapes or a target URL rejects. */
export function splitTarget(target: string): ApiTarget {
  // URL accepts escapes decodeURIComponent rejects ("%E0%A4%A"): the API answers those 400.
  if (target.includes("%")) decodeURIComponent(target);
  const mark = target.indexOf("?");
  const path = mark === -1 ? target : target.slice(0, mark);
  if (PLAIN_PATH.test(path)) {
    if (mark === -1) return new PlainTarget(path, "");
    const query = target.slice(mark + 1);
    if (PLAIN_QUERY.test(query)) return new PlainTarget(path, query === "" ? "" : `?${query}`);
  }
  return targetUrl(target);
}

/** The whole URL of a request target (the routes that need one: the event stream's). */
export function targetUrl(target: string): URL {
  return new URL(target, BASE);
}
