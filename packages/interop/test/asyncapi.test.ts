// The AsyncAPI document against the official parser, then against fwcall's own data: every fixture
// of the catalog is a valid message, every mutant is refused (or, for rules JSON Schema cannot say,
// named in the document), so the document carries the real schemas.
import { Parser, DiagnosticSeverity } from "@asyncapi/parser";
import { describe, expect, it } from "vitest";
import { applicableCases, buildCase, PLATFORMS, type CaseId } from "@fwcall/cases";
import { mutants } from "@fwcall/cases/mutants";
import { asyncApi, asyncApiValidators, envelopeOf, errorsOf, messageFor } from "./support.js";

const validator = asyncApiValidators();
const EVENTS = ["onCallCreate", "onCallUpdate"] as const;
const eventOf = (id: string) => (id.startsWith("create/") ? "onCallCreate" : "onCallUpdate");

describe("the AsyncAPI document", () => {
  it("parses with @asyncapi/parser without an error or a warning", async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(asyncApi));
    expect(document).toBeDefined();
    const serious = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning);
    expect(serious.map((d) => `${d.code}: ${d.message} at ${d.path.join("/")}`)).toEqual([]);
    // What the parser read back: both events, one message per envelope, payloads with schemas.
    expect(document!.version()).toBe("3.0.0");
    expect(document!.channels().all().map((c) => c.id()).sort()).toEqual([...EVENTS]);
    const messages = document!.messages().all().map((m) => m.id()).sort();
    expect(messages).toEqual(["onCallCreatePlatform2", "onCallCreatePlatform3", "onCallUpdatePlatform2", "onCallUpdatePlatform3"]);
    for (const message of document!.messages().all()) {
      expect(message.payload()?.type(), message.id()).toBe("object");
      expect(message.examples().length, message.id()).toBeGreaterThan(0);
    }
    expect(document!.operations().all().every((o) => o.action() === "send")).toBe(true);
  });

  it("describes the onCallCreate invariants and the changes tuple order", () => {
    const channels = asyncApi.channels;
    expect(channels.onCallCreate!.description).toMatch(/updated_time.*equals.*created_time/);
    expect(channels.onCallUpdate!.description).toMatch(/\[new, old\]/);
    expect(channels.onCallUpdate!.description).toMatch(/\[old, new\]/);
    expect(JSON.stringify(asyncApi.info)).toMatch(/strict.*contract/);
  });

  it("has examples from the fixture catalog, each the catalog's own payload and a valid message", () => {
    let count = 0;
    for (const event of EVENTS) {
      for (const envelope of PLATFORMS) {
        const message = messageFor(event, envelope);
        for (const example of message.examples) {
          const id = example.name.replace(/-platform-.*$/, "");
          const caseId = applicableCases().find((c) => c.id.replaceAll("/", "-") === id)?.id;
          expect(caseId, example.name).toBeDefined();
          expect(example.payload).toEqual(buildCase(caseId as CaseId, { platform: envelope }));
          const validate = validator(message.payload.$ref);
          expect(validate(example.payload), `${example.name}: ${errorsOf(validate)}`).toBe(true);
          count++;
        }
      }
    }
    expect(count).toBeGreaterThanOrEqual(4);
  });
});

describe("every fixture of the catalog against the message payloads", () => {
  const orders = ["new-old", "old-new"] as const;
  // A case with an undocumented status code is real drift a consumer must survive: the lenient
  // payload takes it, the strict one (documented codes only) refuses it for that code alone.
  const isUnknownStatus = (id: string) => id.split("/")[2] === "unknown";

  it("is valid under the strict payload (the contract) and the lenient one, in both envelopes and both tuple orders", () => {
    const failures: string[] = [];
    let checked = 0;
    for (const { id } of applicableCases()) {
      for (const platform of PLATFORMS) {
        for (const changesOrder of orders) {
          if (changesOrder === "old-new" && eventOf(id) === "onCallCreate") continue;
          const payload = buildCase(id, { platform, changesOrder });
          const message = messageFor(eventOf(id), platform);
          const lenient = validator(message["x-fwcall-lenient-payload"].$ref);
          if (!lenient(payload)) failures.push(`${id} ${platform} ${changesOrder} lenient: ${errorsOf(lenient)}`);
          const strict = validator(message.payload.$ref);
          const strictValid = strict(payload);
          if (isUnknownStatus(id)) {
            const notTheCode = (strict.errors ?? []).filter((e) => !/^\/data\/call\/participants\/\d+\/call_status$/.test(e.instancePath));
            if (strictValid || notTheCode.length > 0) failures.push(`${id} ${platform} ${changesOrder} strict: expected a refusal of the status code alone, got ${strictValid ? "valid" : errorsOf(strict)}`);
          } else if (!strictValid) failures.push(`${id} ${platform} ${changesOrder} strict: ${errorsOf(strict)}`);
          checked++;
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(250);
    expect(applicableCases().filter((c) => isUnknownStatus(c.id)).length).toBeGreaterThan(2);
  });

  it("is refused by the other envelope's message and the other event's", () => {
    const payload = buildCase("update/incoming/missed/status-change", { platform: "2.x" });
    expect(validator(messageFor("onCallUpdate", "3.0").payload.$ref)(payload)).toBe(false);
    expect(validator(messageFor("onCallCreate", "2.x").payload.$ref)(payload)).toBe(false);
    expect(validator(messageFor("onCallUpdate", "2.x").payload.$ref)(payload)).toBe(true);
  });
});

describe("the mutants of @fwcall/cases", () => {
  const all = mutants();
  const bySchema = all.filter((m) => m.rule.startsWith("schema:"));
  const crossField = all.filter((m) => !m.rule.startsWith("schema:"));

  it("are many, of both kinds", () => {
    expect(bySchema.length).toBeGreaterThan(50);
    expect(crossField.length).toBeGreaterThan(5);
  });

  it("breaking a schema constraint: refused by the strict payload; by the lenient one too unless only the documented contract forbids it", () => {
    const wrong: string[] = [];
    for (const mutant of bySchema) {
      const message = messageFor(mutant.event, envelopeOf(mutant.payload));
      if (validator(message.payload.$ref)(mutant.payload)) wrong.push(`${mutant.id}: strict accepts it`);
      const lenient = validator(message["x-fwcall-lenient-payload"].$ref)(mutant.payload);
      if (mutant.breaks === "both" && lenient) wrong.push(`${mutant.id}: lenient accepts it`);
      if (mutant.breaks === "strict" && !lenient) wrong.push(`${mutant.id}: lenient refuses it, though only the documented contract forbids it`);
    }
    expect(wrong).toEqual([]);
  });

  it("breaking a cross-field rule JSON Schema cannot say: the rule is named where the event is described", () => {
    const channels = asyncApi.channels;
    const unnamed = crossField.filter((m) => !channels[m.event]!.description.includes(`\`${m.rule}\``)).map((m) => `${m.id} (${m.rule})`);
    expect(unnamed).toEqual([]);
  });
});
