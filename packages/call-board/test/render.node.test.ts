// What the board writes for a status and an error; the DOM itself is checked in Chromium.
import { describe, expect, it } from "vitest";
import { CALL_STATUS_NAMES, CallStatus } from "@fwcall/types";
import { ApiRequestError } from "../src/api.js";
import { errorMessage, statusKey, statusLabel } from "../src/render.js";

describe("status names", () => {
  it("uses the generated name of every documented status, and unknown with the code otherwise", () => {
    for (const [code, name] of CALL_STATUS_NAMES) expect(statusKey(code)).toBe(name);
    expect(statusKey(7)).toBe("unknown");
    expect(statusKey(99)).toBe("unknown");
    expect(statusKey(undefined)).toBe("none");
    expect(statusLabel(CallStatus.InProgress)).toBe("in progress");
    expect(statusLabel(CallStatus.VoicemailRecording)).toBe("voicemail recording");
    expect(statusLabel(CallStatus.Missed)).toBe("missed");
    expect(statusLabel(14)).toBe("unknown (14)");
  });
});

describe("errorMessage", () => {
  const apiError = (status: number, retryAfterSeconds?: number) =>
    new ApiRequestError({ status, request: "GET /api/v1/calls", body: { error_type: "x", message: "y", errors: [] }, retryAfterSeconds, text: "" });

  it("says what to do for the API's errors, with Retry-After on a 429", () => {
    expect(errorMessage(apiError(401))).toBe("The API refused the key: check VITE_FWCALL_API_KEY. GET /api/v1/calls answered 401 (x: y)");
    expect(errorMessage(apiError(429, 30))).toBe("The API is rate-limiting this board: retry after 30 s. GET /api/v1/calls answered 429 (x: y); retry after 30 s");
    expect(errorMessage(apiError(500))).toBe("The API answered with an error. GET /api/v1/calls answered 500 (x: y)");
    expect(errorMessage(new Error("boom"))).toBe("boom");
    expect(errorMessage("plain")).toBe("plain");
  });
});
