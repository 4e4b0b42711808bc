// One line for anything an app throws or rejects with, whatever realm it comes from.

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The message of a thrown value of this realm: an Error's message, else the value as a string.
 * @example errorMessage(new Error("boom")) // "boom"
 */
export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Whether a value is an Error of any realm (instanceof fails across vm contexts). */
export const isErrorLike = (error: unknown): boolean => Object.prototype.toString.call(error) === "[object Error]";

/**
 * An error (of any realm, or any thrown value) as one line.
 * @example describeError({ status: 404, message: "Record not found" }) // "Record not found (status 404)"
 */
export function describeError(error: unknown): string {
  if (isRecord(error) || error instanceof Error) {
    const e = error as { name?: unknown; message?: unknown };
    if (typeof e.message === "string" && e.message !== "") {
      const name = typeof e.name === "string" && e.name !== "" ? e.name : "";
      if (name && isErrorLike(error)) return `${name}: ${e.message}`;
      const status = (error as { status?: unknown }).status;
      return typeof status === "number" ? `${e.message} (status ${status})` : e.message;
    }
    try {
      return JSON.stringify(error);
    } catch {
      return String(error);
    }
  }
  return typeof error === "string" ? error : String(error);
}
