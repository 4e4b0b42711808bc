// Pact's JSON paths ($.data.call.participants[*].call_status): the one parser and printer, used by
// overrides, item rules and the pact-to-schema check.

/** One step of a path. */
export type PathStep =
  | { kind: "key"; name: string }
  | { kind: "index"; index: number }
  | { kind: "any-index" }
  | { kind: "any-key" };

/** A path that cannot be read. */
export class JsonPathError extends Error {
  override name = "JsonPathError";
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The path of steps, as pact files write it: `.name` for plain keys, `['odd key']` otherwise.
 * @example formatPath([{ kind: "key", name: "data" }, { kind: "any-index" }]) // "$.data[*]"
 */
export function formatPath(steps: readonly PathStep[]): string {
  let path = "$";
  for (const step of steps) {
    if (step.kind === "key") path += PLAIN_KEY.test(step.name) ? `.${step.name}` : `['${step.name.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}']`;
    else if (step.kind === "index") path += `[${step.index}]`;
    else if (step.kind === "any-index") path += "[*]";
    else path += ".*";
  }
  return path;
}

/**
 * Reads a path: `$`, then `.name`, `.*`, `['name']`, `["name"]`, `[3]` or `[*]`, in any mix.
 * @example parsePath("$.data['call'].participants[0]") // key data, key call, key participants, index 0
 */
export function parsePath(path: string): PathStep[] {
  if (!path.startsWith("$")) throw new JsonPathError(`"${path}" is not a JSON path: it must start with $`);
  const steps: PathStep[] = [];
  let i = 1;
  const fail = (why: string): never => {
    throw new JsonPathError(`"${path}" is not a JSON path: ${why} at character ${i + 1}`);
  };
  while (i < path.length) {
    const c = path[i];
    if (c === ".") {
      i++;
      if (path[i] === "*") {
        steps.push({ kind: "any-key" });
        i++;
        continue;
      }
      const start = i;
      while (i < path.length && path[i] !== "." && path[i] !== "[") i++;
      if (i === start) fail("a '.' must be followed by a name");
      steps.push({ kind: "key", name: path.slice(start, i) });
    } else if (c === "[") {
      i++;
      const quote = path[i];
      if (quote === "'" || quote === '"') {
        i++;
        let name = "";
        while (i < path.length && path[i] !== quote) {
          if (path[i] === "\\" && i + 1 < path.length) i++;
          name += path[i];
          i++;
        }
        if (path[i] !== quote) fail("a quoted name is not closed");
        i++;
        if (path[i] !== "]") fail("expected ']' after a quoted name");
        i++;
        steps.push({ kind: "key", name });
      } else {
        const end = path.indexOf("]", i);
        if (end === -1) fail("a '[' is not closed");
        const inner = path.slice(i, end);
        if (inner === "*") steps.push({ kind: "any-index" });
        else if (/^\d+$/.test(inner)) steps.push({ kind: "index", index: Number(inner) });
        else fail(`expected a number, * or a quoted name inside [], found '${inner}'`);
        i = end + 1;
      }
    } else {
      fail(`unexpected '${c}'`);
    }
  }
  return steps;
}

/** How many values walks may still reach, shared by the walks of one run (one file checked). */
export interface WalkBudget {
  left: number;
}

/** A walk that would reach more values than its budget allows. */
export class WalkBudgetError extends Error {
  override name = "WalkBudgetError";
}

/**
 * Every value a path reaches in a document (wildcards reach many), with its concrete path. With a
 * budget, each value reached spends one, and running out throws WalkBudgetError: many wildcard
 * paths over one large object would otherwise multiply (20,000 rules × 20,000 keys).
 * @example valuesAt({ a: [1, 2] }, parsePath("$.a[*]")) // [{ path: "$.a[0]", value: 1 }, { path: "$.a[1]", value: 2 }]
 */
export function valuesAt(document: unknown, steps: readonly PathStep[], budget?: WalkBudget): Array<{ path: PathStep[]; value: unknown }> {
  let found: Array<{ path: PathStep[]; value: unknown }> = [{ path: [], value: document }];
  for (const step of steps) {
    const next: typeof found = [];
    for (const { path, value } of found) {
      if (step.kind === "key") {
        if (isObject(value) && Object.hasOwn(value, step.name)) next.push({ path: [...path, step], value: value[step.name] });
      } else if (step.kind === "index") {
        if (Array.isArray(value) && step.index < value.length) next.push({ path: [...path, step], value: value[step.index] });
      } else if (step.kind === "any-index") {
        if (Array.isArray(value)) value.forEach((item, index) => next.push({ path: [...path, { kind: "index", index }], value: item }));
      } else if (isObject(value)) {
        for (const [name, item] of Object.entries(value)) next.push({ path: [...path, { kind: "key", name }], value: item });
      }
    }
    found = next;
    if (budget !== undefined) {
      budget.left -= found.length;
      if (budget.left < 0) throw new WalkBudgetError("its rules reach more values than fwcall walks for one file");
    }
  }
  return found;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A JSON pointer (RFC 6901) as a JSON path, reading the document to tell array indexes from keys.
 * @example pointerToPath("/data/call/participants/1/call_status", payload) // "$.data.call.participants[1].call_status"
 */
export function pointerToPath(pointer: string, document: unknown): string {
  const steps: PathStep[] = [];
  let value = document;
  for (const raw of pointer === "" ? [] : pointer.slice(1).split("/")) {
    const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(value) && /^\d+$/.test(token)) {
      steps.push({ kind: "index", index: Number(token) });
      value = value[Number(token)];
    } else {
      steps.push({ kind: "key", name: token });
      value = isObject(value) ? value[token] : undefined;
    }
  }
  return formatPath(steps);
}
