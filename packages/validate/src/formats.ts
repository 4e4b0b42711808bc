// The string formats the schemas use. Each has a fast path for the shapes real payloads have and
// hands everything else to ajv-formats' own check, so both accept and reject exactly the same
// strings (test/formats.test.ts compares them with ajv-formats on a corpus and random strings)
// while the common case skips regexes.

type FormatCheck = (value: string) => boolean;

// The reference checks below are ajv-formats 3.0.1's full `date-time` and `uri` (MIT License,
// Copyright (c) 2020 Evgeny Poberezkin), copied so that loading this module loads no CommonJS.
const DATE = /^(\d\d\d\d)-(\d\d)-(\d\d)$/;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

function referenceDate(str: string): boolean {
  const matches = DATE.exec(str);
  if (!matches) return false;
  const year = +matches[1]!;
  const month = +matches[2]!;
  const day = +matches[3]!;
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && isLeapYear(year) ? 29 : DAYS[month]!);
}

const TIME = /^(\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|([+-])(\d\d)(?::?(\d\d))?)?$/i;

function referenceTime(str: string): boolean {
  const matches = TIME.exec(str);
  if (!matches) return false;
  const hr = +matches[1]!;
  const min = +matches[2]!;
  const sec = +matches[3]!;
  const tz = matches[4];
  const tzSign = matches[5] === "-" ? -1 : 1;
  const tzH = +(matches[6] || 0);
  const tzM = +(matches[7] || 0);
  if (tzH > 23 || tzM > 59 || !tz) return false;
  if (hr <= 23 && min <= 59 && sec < 60) return true;
  // leap second
  const utcMin = min - tzM * tzSign;
  const utcHr = hr - tzH * tzSign - (utcMin < 0 ? 1 : 0);
  return (utcHr === 23 || utcHr === -1) && (utcMin === 59 || utcMin === -1) && sec < 61;
}

const DATE_TIME_SEPARATOR = /t|\s/i;

function referenceDateTime(str: string): boolean {
  const dateTime = str.split(DATE_TIME_SEPARATOR);
  return dateTime.length === 2 && referenceDate(dateTime[0]!) && referenceTime(dateTime[1]!);
}

const NOT_URI_FRAGMENT = /\/|:/;
const URI = /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$/i;

const referenceUri = (str: string): boolean => NOT_URI_FRAGMENT.test(str) && URI.test(str);

const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -100;
};
const twoDigits = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

/** `YYYY-MM-DDTHH:MM:SS[.fff…](Z|±HH:MM)` with values in range; false means "ask the reference". */
function isPlainDateTime(s: string): boolean {
  const n = s.length;
  if (n < 20 || n > 40 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84) return false;
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false;
  const century = twoDigits(s, 0);
  const yearOfCentury = twoDigits(s, 2);
  const year = century * 100 + yearOfCentury;
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  if (century < 0 || yearOfCentury < 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month] ?? 0))) return false;
  const hour = twoDigits(s, 11);
  const minute = twoDigits(s, 14);
  const second = twoDigits(s, 17);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  let i = 19;
  if (s.charCodeAt(i) === 46) {
    i++;
    const start = i;
    while (i < n && digit(s, i) >= 0) i++;
    if (i === start) return false;
  }
  const zone = s.charCodeAt(i);
  if (zone === 90) return i + 1 === n;
  if ((zone !== 43 && zone !== 45) || i + 6 !== n || s.charCodeAt(i + 3) !== 58) return false;
  const zoneHour = twoDigits(s, i + 1);
  const zoneMinute = twoDigits(s, i + 4);
  return zoneHour >= 0 && zoneHour <= 23 && zoneMinute >= 0 && zoneMinute <= 59;
}

/** Characters a URI path or query may hold without escaping (RFC 3986 pchar, "/", "?"). */
const URI_SAFE = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?") {
  URI_SAFE[c.charCodeAt(0)] = 1;
}
const isHostChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 46;

/** `http(s)://host[:port][/path][?query]` without escapes; false means "ask the reference". */
function isPlainHttpUri(s: string): boolean {
  let i = s.startsWith("https://") ? 8 : s.startsWith("http://") ? 7 : 0;
  if (i === 0) return false;
  const n = s.length;
  const hostStart = i;
  while (i < n && isHostChar(s.charCodeAt(i))) i++;
  if (i === hostStart) return false;
  if (s.charCodeAt(i) === 58) {
    i++;
    while (i < n && digit(s, i) >= 0) i++;
  }
  if (i < n && s.charCodeAt(i) !== 47 && s.charCodeAt(i) !== 63) return false;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || URI_SAFE[c] !== 1) return false;
  }
  return true;
}

/**
 * The shape of every string ajv-formats' full date-time accepts (RFC 3339 with a time zone; T, t or
 * a space between date and time; optional fraction; Z or an offset), as regex source. @fwcall/pact
 * hands it to the Pact verifier (Rust regex), so it says [0-9], not \d, which Rust reads as any
 * Unicode digit; only \s reads apart (U+0085 for Rust, U+FEFF for JS), which no timestamp holds.
 */
export const DATE_TIME_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt\\s][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]+)?(?:[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)$";

// Checked before the reference, which splits the whole string on every "t" and space: slow on long hostile input.
const DATE_TIME_SHAPE = new RegExp(DATE_TIME_PATTERN);

/** An RFC 3339 date-time with a time zone, as ajv-formats' full `date-time` defines it. */
export function isDateTime(value: string): boolean {
  if (typeof value !== "string") return false;
  return isPlainDateTime(value) || (DATE_TIME_SHAPE.test(value) && referenceDateTime(value));
}

/** An absolute URI, as ajv-formats' full `uri` defines it. */
export function isUri(value: string): boolean {
  if (typeof value !== "string") return false;
  if (isPlainHttpUri(value)) return true;
  try {
    return referenceUri(value);
  } catch {
    return false; // its regex overflows the stack on strings of millions of characters
  }
}

/** The formats the generated validators call, by the names the schemas use. */
export const formats: Readonly<Record<"date-time" | "uri", FormatCheck>> = {
  "date-time": isDateTime,
  uri: isUri,
};
