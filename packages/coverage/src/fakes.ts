// Fakes of the FDK's platform APIs for a serverless app: $request.invokeTemplate, $db and
// $schedule. They answer the way the FDK does (promises, FDK-shaped errors), keep $db and
// schedules in memory across invocations until reset, and record every call of the current one.
import { errorMessage } from "./describe-error.js";

/** How values cross into the app's realm: its own Promise and JSON, so `instanceof` and friends behave there. */
export interface Realm {
  resolve(value: unknown): Promise<unknown>;
  reject(reason: unknown): Promise<unknown>;
  /** A promise of the app's realm that follows a promise of ours. */
  follow(promise: Promise<unknown>): Promise<unknown>;
  /** A deep copy of a JSON value, made in the app's realm. */
  clone(value: unknown): unknown;
  /** An Error of the app's realm. */
  error(message: string): Error;
}

type DbOp = "set" | "get" | "update" | "delete";
export type ScheduleOp = "create" | "update" | "delete" | "fetch";

/** What one invocation did through the platform. */
export interface Recording {
  requests: Array<{ template: string; options: unknown }>;
  db: Array<{ op: DbOp; key: string }>;
  schedules: Array<{ op: ScheduleOp; name: string | null; options: unknown }>;
}

export const emptyRecording = (): Recording => ({ requests: [], db: [], schedules: [] });

/** The 2.x request methods besides invokeTemplate. */
export const HTTP_METHODS = ["get", "post", "put", "patch", "delete"] as const;

/** What generateTargetUrl answers: a fictitious address (.test is reserved), never reachable. */
const TARGET_URL = "https://fwcall-target-url.test/webhook";

/** A scripted answer of a template: a body, a full response `{ status, headers?, response? }` (status ≥ 400 rejects), or a function of the request's options returning either. */
export type ScriptedResponse = unknown;

/** A copy made through JSON in our realm, for recordings; what JSON cannot say becomes a string. */
function hostCopy(value: unknown): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(JSON.stringify(value)) as unknown;
  } catch {
    return String(value);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The FDK's answer to a request: `{ status, headers, response }` with the body as a string. */
function normaliseResponse(answer: unknown): { ok: boolean; response: Record<string, unknown> } {
  if (isObject(answer) && typeof answer.status === "number") {
    const body = answer.response;
    const response = { ...answer, status: answer.status, headers: isObject(answer.headers) ? answer.headers : {}, response: body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body) };
    return { ok: answer.status >= 200 && answer.status < 400, response };
  }
  return { ok: true, response: { status: 200, headers: {}, response: answer === undefined ? "{}" : typeof answer === "string" ? answer : JSON.stringify(answer) } };
}

/** Reads `a.b.c` of a record (the FDK's $db.update takes attribute paths). */
function pathParts(path: string): string[] {
  return path.split(".").filter((part) => part !== "");
}

/** Path parts that would reach an object's prototype instead of a stored attribute. */
const UNSAFE_PART = new Set(["__proto__", "constructor", "prototype"]);
const isUnsafePath = (path: string) => pathParts(path).some((part) => UNSAFE_PART.has(part));

function getPath(record: Record<string, unknown>, path: string): unknown {
  let node: unknown = record;
  for (const part of pathParts(path)) node = isObject(node) ? node[part] : undefined;
  return node;
}

function setPath(record: Record<string, unknown>, path: string, value: unknown): void {
  const parts = pathParts(path);
  let node = record;
  for (const part of parts.slice(0, -1)) {
    if (!isObject(node[part])) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  const last = parts[parts.length - 1];
  if (last !== undefined) node[last] = value;
}

function removePath(record: Record<string, unknown>, path: string): void {
  const parts = pathParts(path);
  let node: unknown = record;
  for (const part of parts.slice(0, -1)) node = isObject(node) ? node[part] : undefined;
  const last = parts[parts.length - 1];
  if (isObject(node) && last !== undefined) delete node[last];
}

/** The platform of one loaded app. */
export class Platform {
  /** $db: key → the stored JSON text (values go through JSON, as on the platform). */
  readonly store = new Map<string, string>();
  readonly scheduleStore = new Map<string, unknown>();
  /** What the current invocation did. */
  recording: Recording = emptyRecording();
  /** Host-side work in flight (scripted responses that are promises). */
  pending = 0;
  /** Increases with every platform call: the runner's sign of progress. */
  activity = 0;
  /** Counts finished invocations: an answer that arrives after its invocation finished is dropped. */
  private epoch = 0;
  private readonly calls = new Map<string, number>();
  private readonly waiting: Array<() => void> = [];

  /** Resolves when a scripted answer still on its way arrives: the runner waits for it instead of spinning. */
  nextAnswer(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private readonly asked: ReadonlySet<string>;

  constructor(
    private readonly realm: Realm,
    /** Template names from config/requests.json. */
    private readonly templates: ReadonlySet<string>,
    /** Request key (template name, or "GET <url>" on 2.x) → scripted answer. */
    private readonly responses: Readonly<Record<string, ScriptedResponse>>,
    private readonly platform: "2.x" | "3.0" = "3.0",
    /** Answers the keys in `asked` elsewhere (the host, where scripted functions live). */
    private readonly askHost?: (key: string, options: unknown, call: number) => Promise<unknown>,
    asked: Iterable<string> = [],
  ) {
    this.asked = new Set(asked);
  }

  /** Ends the current invocation: answers still on their way never reach the app, as on the platform, where its run is over. */
  endInvocation(): void {
    this.epoch++;
  }

  /** Empties $db and the schedules. */
  reset(): void {
    this.store.clear();
    this.scheduleStore.clear();
    this.calls.clear();
    this.recording = emptyRecording();
  }

  private fail(status: number, message: string, extra: Record<string, unknown> = {}): Promise<unknown> {
    return this.realm.reject(this.realm.clone({ status, message, ...extra }));
  }

  private ok(value: unknown): Promise<unknown> {
    return this.realm.resolve(this.realm.clone(value));
  }

  /** One request: recorded under its key (a template name, or "GET <url>" on 2.x), answered by its scripted response. */
  private request(key: string, options: unknown, undeclared: string | undefined): Promise<unknown> {
    this.activity++;
    const copy = hostCopy(options ?? {});
    this.recording.requests.push({ template: key, options: copy });
    if (undeclared !== undefined) return this.fail(400, undeclared, { headers: {}, response: JSON.stringify({ message: undeclared }), errorSource: "APP" });
    const count = (this.calls.get(key) ?? 0) + 1;
    this.calls.set(key, count);
    const answer = (value: unknown): Promise<unknown> => {
      const { ok, response } = normaliseResponse(value);
      return ok ? this.ok(response) : this.realm.reject(this.realm.clone({ errorSource: "APP", ...response }));
    };
    const failed = (error: unknown) => this.realm.reject(this.realm.clone({ status: 502, headers: {}, response: "", errorSource: "APP", message: errorMessage(error) }));
    let scripted = this.responses[key];
    if (this.askHost !== undefined && this.asked.has(key)) scripted = this.askHost(key, copy, count);
    try {
      if (typeof scripted === "function") scripted = (scripted as (options: unknown, call: number) => unknown)(copy, count);
    } catch (error) {
      return failed(error);
    }
    if (scripted !== null && typeof scripted === "object" && typeof (scripted as { then?: unknown }).then === "function") {
      this.pending++;
      const epoch = this.epoch;
      const settled = Promise.resolve(scripted).finally(() => {
        this.pending--;
        for (const wake of this.waiting.splice(0)) wake();
      });
      const never = new Promise<unknown>(() => undefined);
      return this.realm.follow(settled.then((value) => (epoch === this.epoch ? answer(value) : never), (error: unknown) => (epoch === this.epoch ? failed(error) : never)));
    }
    return answer(scripted);
  }

  /** `$request`: invokeTemplate (platform 2.3 and 3.0); on 2.x also get/post/put/patch/delete(url, options). */
  readonly $request: Record<"invokeTemplate" | (typeof HTTP_METHODS)[number], (...args: unknown[]) => Promise<unknown>> = {
    invokeTemplate: (name: unknown, options?: unknown): Promise<unknown> => {
      const template = String(name);
      return this.request(template, options, this.templates.has(template) ? undefined : `Request template '${template}' is not declared in config/requests.json`);
    },
    ...(Object.fromEntries(
      HTTP_METHODS.map((method) => [
        method,
        (url: unknown, options?: unknown): Promise<unknown> => {
          if (this.platform === "3.0") throw this.realm.error(`$request.${method} is not available on platform 3.0: use $request.invokeTemplate with a template in config/requests.json`);
          return this.request(`${method.toUpperCase()} ${String(url)}`, options, undefined);
        },
      ]),
    ) as Record<(typeof HTTP_METHODS)[number], (...args: unknown[]) => Promise<unknown>>),
  };

  /** `generateTargetUrl()`: the URL external events would reach the app at (a fictitious one here). */
  readonly generateTargetUrl = (): Promise<unknown> => {
    this.activity++;
    return this.realm.resolve(TARGET_URL);
  };

  /** `$db`: set (with setIf), get (404 when missing), update (set, increment, append, remove), delete. */
  readonly $db = {
    set: (key: unknown, value: unknown, options?: unknown): Promise<unknown> => {
      this.activity++;
      const k = String(key);
      this.recording.db.push({ op: "set", key: k });
      if (typeof key !== "string" || key.trim() === "") return this.fail(400, "Key should be a non-empty string");
      if (!isObject(value) || Object.keys(value).length === 0) return this.fail(400, "Value should be a non-empty JSON object");
      const setIf = isObject(options) ? options.setIf : undefined;
      if ((setIf === "not_exist" && this.store.has(k)) || (setIf === "exist" && !this.store.has(k))) return this.fail(400, "The setIf conditional request failed");
      this.store.set(k, JSON.stringify(value));
      return this.ok({ Created: true });
    },
    get: (key: unknown): Promise<unknown> => {
      this.activity++;
      const k = String(key);
      this.recording.db.push({ op: "get", key: k });
      const stored = this.store.get(k);
      return stored === undefined ? this.fail(404, "Record not found") : this.realm.resolve(this.realm.clone(JSON.parse(stored)));
    },
    update: (key: unknown, type: unknown, attributes: unknown): Promise<unknown> => {
      this.activity++;
      const k = String(key);
      this.recording.db.push({ op: "update", key: k });
      const stored = this.store.get(k);
      if (stored === undefined) return this.fail(404, "Record not found");
      const record = JSON.parse(stored) as Record<string, unknown>;
      const attrs = hostCopy(attributes);
      const paths = Array.isArray(attrs) ? attrs.map(String) : isObject(attrs) ? Object.keys(attrs) : [];
      const unsafe = paths.find(isUnsafePath);
      if (unsafe !== undefined) return this.fail(400, `Invalid attribute path '${unsafe}'`);
      switch (type) {
        case "set":
          if (!isObject(attrs)) return this.fail(400, "Attributes should be a JSON object");
          for (const [path, value] of Object.entries(attrs)) setPath(record, path, value);
          break;
        case "remove": {
          const paths = Array.isArray(attrs) ? attrs : isObject(attrs) ? Object.keys(attrs) : null;
          if (!paths) return this.fail(400, "Attributes should be an array of attribute paths");
          for (const path of paths) removePath(record, String(path));
          break;
        }
        case "increment":
          if (!isObject(attrs)) return this.fail(400, "Attributes should be a JSON object");
          for (const [path, by] of Object.entries(attrs)) {
            const current = getPath(record, path) ?? 0;
            if (typeof by !== "number" || typeof current !== "number") return this.fail(400, `Cannot increment '${path}': both the attribute and the amount must be numbers`);
            setPath(record, path, current + by);
          }
          break;
        case "append":
          if (!isObject(attrs)) return this.fail(400, "Attributes should be a JSON object");
          for (const [path, items] of Object.entries(attrs)) {
            const current = getPath(record, path) ?? [];
            if (!Array.isArray(items) || !Array.isArray(current)) return this.fail(400, `Cannot append to '${path}': both the attribute and the value must be arrays`);
            setPath(record, path, [...current, ...items]);
          }
          break;
        default:
          return this.fail(400, `Invalid update type '${String(type)}' (set, remove, increment or append)`);
      }
      this.store.set(k, JSON.stringify(record));
      return this.ok({ Updated: true });
    },
    delete: (key: unknown): Promise<unknown> => {
      this.activity++;
      const k = String(key);
      this.recording.db.push({ op: "delete", key: k });
      return this.store.delete(k) ? this.ok({ Deleted: true }) : this.fail(404, "Record not found");
    },
  };

  private schedule(op: ScheduleOp, options: unknown): Promise<unknown> {
    this.activity++;
    const copy = hostCopy(options ?? {});
    const name = isObject(copy) && typeof copy.name === "string" ? copy.name : null;
    this.recording.schedules.push({ op, name, options: copy });
    if (name === null || name === "") return this.fail(400, "A schedule needs a name");
    const existing = this.scheduleStore.get(name);
    switch (op) {
      case "create":
        if (existing !== undefined) return this.fail(400, "A schedule with this name already exists");
        this.scheduleStore.set(name, copy);
        return this.ok({ Created: true });
      case "update":
        if (existing === undefined) return this.fail(404, "Schedule not found");
        this.scheduleStore.set(name, { ...(existing as object), ...(copy as object) });
        return this.ok({ Updated: true });
      case "delete":
        if (existing === undefined) return this.fail(404, "Schedule not found");
        this.scheduleStore.delete(name);
        return this.ok({ Deleted: true });
      case "fetch":
        return existing === undefined ? this.fail(404, "Schedule not found") : this.ok(existing);
    }
  }

  /** `$schedule`: create, update, delete and fetch, by name. */
  readonly $schedule = {
    create: (options?: unknown) => this.schedule("create", options),
    update: (options?: unknown) => this.schedule("update", options),
    delete: (options?: unknown) => this.schedule("delete", options),
    fetch: (options?: unknown) => this.schedule("fetch", options),
  };
}
