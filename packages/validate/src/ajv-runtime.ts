// The helpers ajv's standalone code imports, under the names codegen gives them.

/** Length of a string in Unicode code points, as JSON Schema's maxLength counts it. */
export function ucs2length(value: string): number {
  let length = 0;
  for (let i = 0; i < value.length; i++, length++) {
    const code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if ((next & 0xfc00) === 0xdc00) i++;
    }
  }
  return length;
}
