// Type-level tests: `pnpm typecheck` fails when one of these stops holding.
import { readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, it } from "vitest";
import type {
  Call,
  CallEventName,
  CallEventPayloads,
  CallStatus,
  KnownCallStatus,
  OnCallCreatePayload,
  OnCallUpdatePayload,
  Participant,
  Recording,
} from "@fwcall/types";

type HasIndexSignature<T> = string extends keyof T ? true : false;

describe("generated types", () => {
  it("have no index signature on the main types", () => {
    expectTypeOf<HasIndexSignature<Call>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<Participant>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<Recording>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<OnCallCreatePayload>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<OnCallUpdatePayload["data"]>>().toEqualTypeOf<false>();
  });

  it("only put index signatures on the open bags", () => {
    const source = readFileSync(new URL("../src/generated/schemas.ts", import.meta.url), "utf8");
    const lines = source.split("\n");
    const owners = lines.flatMap((line, i) => {
      if (!line.includes("[k: string]")) return [];
      const opener = lines.slice(0, i).reverse().find((l) => l.endsWith(" {"))!;
      return [/(\w+)\??:? \{$/.exec(opener)![1]];
    });
    expect(owners.sort()).toEqual(["Associations", "CallChanges", "app_settings", "endpoint_urls", "iparams"]);
  });

  it("map every event name to its payload", () => {
    expectTypeOf<CallEventName>().toEqualTypeOf<"onCallCreate" | "onCallUpdate">();
    expectTypeOf<CallEventPayloads["onCallCreate"]>().toEqualTypeOf<OnCallCreatePayload>();
    expectTypeOf<OnCallUpdatePayload["event"]>().toEqualTypeOf<"onCallUpdate">();
    expectTypeOf<OnCallUpdatePayload["data"]["changes"][string]>().toEqualTypeOf<[unknown, unknown] | undefined>();
  });

  it("type call_status as the documented codes, open to undocumented ones", () => {
    expectTypeOf<Participant["call_status"]>().toEqualTypeOf<CallStatus>();
    expectTypeOf<3>().toExtend<KnownCallStatus>();
    expectTypeOf<7>().not.toExtend<KnownCallStatus>();
    expectTypeOf<7>().toExtend<CallStatus>();
    expectTypeOf<Call["direction"]>().toEqualTypeOf<"incoming" | "outgoing">();
  });

  it("keep both envelopes", () => {
    const v2 = { account_id: "82918", domain: "acme.freshcaller.com" } satisfies Partial<OnCallCreatePayload>;
    expectTypeOf<OnCallCreatePayload>().toHaveProperty("timestamp");
    expect(v2.account_id).toBe("82918");
  });
});
