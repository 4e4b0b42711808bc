// The AsyncAPI 3.0 document of the two call events, from the schema model and the fixture catalog.
// Freshworks is the provider: it sends each event to the app's serverless handler. Each event has
// one message per envelope (platform 2.x, 3.0), because a handler gets one or the other for good.
import { loadCases } from "./sources.mjs";
import { buildModel, definitionsUnder, toJsonSchema } from "./model.mjs";

const ASYNCAPI_FILE = "packages/interop/src/generated/asyncapi.json";

/** Examples from the fixture catalog, per event and envelope: case ids of @fwcall/cases, default seed. */
const ASYNCAPI_EXAMPLES = {
  onCallCreate: {
    "3.0": ["create/incoming/in-progress", "create/outgoing/connecting"],
    "2.x": ["create/incoming/queued"],
  },
  onCallUpdate: {
    "3.0": ["update/incoming/answered/recording", "update/outgoing/answered/billing"],
    "2.x": ["update/incoming/missed/status-change"],
  },
};

const ENVELOPE_KEYS = { "2.x": "Platform2", "3.0": "Platform3" };
const ENVELOPE_TEXT = {
  "2.x": "Platform 2.x envelope: the account by `account_id` and `domain`.",
  "3.0": "Platform 3.0 envelope: the product instance in `currentHost` (`subscribed_modules`, `endpoint_urls`).",
};

/** Component names: the strict profile (the contract) by definition name, the lenient one prefixed. */
const schemaName = (profile, name) => (profile === "strict" ? name : `Lenient${name}`);
const messageName = (event, kind) => `${event}${ENVELOPE_KEYS[kind]}`;
const envelopeSchemaName = (payload, kind) => payload.replace(/Payload$/, `${ENVELOPE_KEYS[kind]}Payload`);

const PROFILES_TEXT = `## Two profiles: strict is the contract, lenient is what arrives

Every message payload is the **strict** profile of fwcall's schemas: the documented contract, with
\`data\` and its objects closed, documented enum values, integer durations and costs, the
\`seconds\` units, and \`call_notes\` required. A provider document is a promise that other tools
hold a consumer to (bi-directional contract testing compares a consumer's expectations with it;
Microcks and other mock generators make messages from it), so it states what Freshworks documents,
and generated messages never carry invented fields or fractional durations.

What Freshworks has really been seen to send is wider: extra fields, \`bill_duration\` as \`8.0\`,
\`call_notes\` missing in older FDK samples, undocumented status codes. That is the **lenient**
profile; each message names its schema in \`x-fwcall-lenient-payload\` (the \`Lenient*\` schemas
under \`components.schemas\`). A consumer should accept lenient payloads and may rely only on what
strict promises; fwcall's validator reports the difference as warnings under lenient and as
errors under strict.

Both profiles keep the envelope open: the docs promise more attributes there.`;

const CHANGES_TEXT = `## The \`changes\` tuples

\`data.changes\` maps each changed call attribute to a pair of its values. The event docs give the
pair as \`[new, old]\`; every other Freshworks event with changes (tickets, contacts, deals,
conversations) puts the old value first, \`[old, new]\`, and no non-empty call sample is public.
A concrete payload shows its order: the side of a tuple that equals \`call[key]\` is the new value.
fwcall's rules, beyond what JSON Schema can say:

- every key of \`changes\` is a call attribute (\`changes:call-attribute\`, both profiles);
- a tuple's new value, read in the payload's order, equals \`call[key]\`
  (\`changes:new-value-matches-call\`, both profiles);
- all tuples of one payload agree on the order (\`changes:order-consistent\`, both profiles);
- a payload whose tuples are all \`[old, new]\` breaks the documented order: a warning under
  lenient, an error under strict (\`changes:order\`); where nothing decides, \`[new, old]\` is assumed.

Read tuples through \`readChange(data, key)\` of \`@fwcall/types\`, which returns \`{ from, to }\`
in the payload's own order.`;

const INVARIANTS_TEXT = `## onCallCreate invariants

The spec lists what a new call carries; the strict profile enforces them and lenient reports
them as warnings. JSON Schema cannot compare two fields, so fwcall's validator checks these
beside the payload schema (rule ids in brackets):

- \`bill_duration\` is null [\`create:bill-duration-null\`];
- \`recording\` is null [\`create:recording-null\`];
- \`call_notes\` is null [\`create:call-notes-null\`];
- \`parent_call_id\` and \`root_call_id\` are null [\`create:parent-call-id-null\`, \`create:root-call-id-null\`];
- \`assigned_team_id\` is null [\`create:team-id-null\`];
- \`updated_time\` equals \`created_time\` [\`create:updated-equals-created\`];
- every participant's \`connection_type\` is 0 (customer) or 1 (primary agent) [\`create:connection-type\`];
- \`actor.type\` is \`"system"\` [\`create:actor-system\`];
- \`associations\` is empty [\`create:associations-empty\`].`;

const COMMON_RULES_TEXT = `## Rules of both events beyond JSON Schema

- every participant's \`call_id\` equals \`call.id\` [\`participant:call-id\`, an error in both profiles];
- the primary agent's leg (\`connection_type\` 1) has \`participant_id\` equal to \`call.assigned_agent_id\`
  when an agent is assigned [\`participant:primary-agent\`, a warning in both: the FDK's own samples break it];
- times are UTC, ending in \`Z\` [\`time:utc\`, an error under strict, a warning under lenient: real
  REST responses carry offsets such as \`-03:00\`].`;

const EVENT_TEXT = {
  onCallCreate: `A call was established. The payload carries the new call with its first legs.\n\n${INVARIANTS_TEXT}\n\n${COMMON_RULES_TEXT}`,
  onCallUpdate: `A call changed: status of a leg, recording, billing, notes, a transfer or another leg. The payload carries the call as it is now and \`changes\`, what changed.\n\n${CHANGES_TEXT}\n\n${COMMON_RULES_TEXT}`,
};

/**
 * The AsyncAPI 3.0 document as a plain object.
 * @example (await asyncApiDocument()).channels.onCallCreate.messages
 */
async function asyncApiDocument() {
  const model = buildModel();
  const cases = await loadCases();
  const ref = (profile) => (definition) => `#/components/schemas/${schemaName(profile, definition.name)}`;
  const schemas = {};
  for (const profile of ["strict", "lenient"]) {
    const view = model.profile(profile);
    const events = [...view.events.values()];
    const roots = events.map((e) => ({ ref: e.payload }));
    for (const definition of definitionsUnder(...roots, ...events.flatMap((e) => [...e.envelopes.values()]))) {
      schemas[schemaName(profile, definition.name)] = toJsonSchema(definition.schema, { ref: ref(profile) });
    }
    for (const event of events) {
      for (const [kind, node] of event.envelopes) {
        schemas[schemaName(profile, envelopeSchemaName(event.payload.name, kind))] = {
          ...toJsonSchema(node, { ref: ref(profile) }),
          title: envelopeSchemaName(event.payload.name, kind),
        };
      }
    }
  }

  const channels = {};
  const operations = {};
  const messages = {};
  for (const event of model.profile("strict").events.values()) {
    const name = event.event;
    const channelMessages = {};
    for (const kind of event.envelopes.keys()) {
      const message = messageName(name, kind);
      const payload = envelopeSchemaName(event.payload.name, kind);
      messages[message] = {
        name,
        title: `${name} (platform ${kind})`,
        summary: `${event.payload.schema.description} ${ENVELOPE_TEXT[kind]}`,
        contentType: "application/json",
        payload: { $ref: `#/components/schemas/${payload}` },
        "x-fwcall-lenient-payload": { $ref: `#/components/schemas/${schemaName("lenient", payload)}` },
        examples: (ASYNCAPI_EXAMPLES[name]?.[kind] ?? []).map((id) => ({
          name: `${id.replaceAll("/", "-")}-platform-${kind}`,
          summary: `fwcall fixture ${id} (@fwcall/cases buildCase, default seed), platform ${kind}`,
          payload: cases.buildCase(id, { platform: kind }),
        })),
      };
      channelMessages[message] = { $ref: `#/components/messages/${message}` };
    }
    channels[name] = {
      address: name,
      title: name,
      summary: `The ${name} event, delivered to the handler an app's manifest.json names for it.`,
      description: EVENT_TEXT[name],
      messages: channelMessages,
    };
    operations[name] = {
      action: "send",
      channel: { $ref: `#/channels/${name}` },
      title: `Freshworks sends ${name}`,
      summary: `The platform calls the app's serverless handler with an ${name} payload.`,
      messages: Object.keys(channelMessages).map((message) => ({ $ref: `#/channels/${name}/messages/${message}` })),
    };
  }

  return {
    asyncapi: "3.0.0",
    info: {
      title: "Freshworks call events",
      version: "1.0.0",
      description: `The two call events a Freshworks serverless app receives, \`onCallCreate\` and \`onCallUpdate\`, each in the platform 2.x and 3.0 envelopes. Generated by fwcall from its JSON Schemas (\`pnpm generate\`); do not edit.\n\n${PROFILES_TEXT}`,
      license: { name: "MIT" },
    },
    defaultContentType: "application/json",
    channels,
    operations,
    components: { schemas, messages },
  };
}

/** @returns {Promise<Map<string, string>>} the generated AsyncAPI file: path → contents */
export async function generateAsyncApi() {
  return new Map([[ASYNCAPI_FILE, `${JSON.stringify(await asyncApiDocument(), null, 2)}\n`]]);
}
