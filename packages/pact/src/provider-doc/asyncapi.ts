// The messages an AsyncAPI document (2.x or 3.x) describes, each with the names an interaction may
// call it by (its key, name, title, messageId, its channel's key and address) and its payload schema.
import { isJsonObject } from "../json.js";
import { pointerToken as escape, type ProviderDocument } from "./document.js";

/** One message of the document. */
export interface DocumentMessage {
  /** For messages: `onCallCreatePlatform2 (onCallCreate)`. */
  label: string;
  names: string[];
  /** The payload schema; undefined when the message has none. */
  payload: unknown;
  /** The payload's place in the document (`#/components/schemas/OnCallCreatePlatform2Payload`). */
  payloadName: string;
  /** fwcall's `x-fwcall-lenient-payload`: what Freshworks is seen to send beyond the documented contract. */
  lenient: unknown;
}

/**
 * Every message of the document, each once.
 * @example asyncApiMessages(doc).map((m) => m.label) // ["onCallCreatePlatform2 (onCallCreate)", …]
 */
export function asyncApiMessages(doc: ProviderDocument): DocumentMessage[] {
  const byObject = new Map<object, DocumentMessage>();
  const add = (raw: unknown, at: string, key: string, channelNames: string[]) => {
    const { node, ref } = doc.follow(raw);
    if (!isJsonObject(node)) return;
    // AsyncAPI 2 allows `oneOf` of messages in one place.
    if (Array.isArray(node.oneOf)) {
      node.oneOf.forEach((branch, i) => add(branch, `${at}/oneOf/${i}`, "", channelNames));
      return;
    }
    const own = [key, ref?.split("/").at(-1) ?? "", node.name, node.title, node.messageId].filter((n): n is string => typeof n === "string" && n !== "");
    let message = byObject.get(node);
    if (!message) {
      let payload: unknown = node.payload;
      let payloadAt = `${ref ?? at}/payload`;
      // AsyncAPI 3's multi-format schema: { schemaFormat, schema }.
      if (isJsonObject(payload) && "schemaFormat" in payload && "schema" in payload) {
        payload = payload.schema;
        payloadAt += "/schema";
      }
      const followed = doc.follow(payload);
      message = {
        label: `${own[0] ?? at}${typeof node.name === "string" && node.name !== own[0] ? ` (${node.name})` : ""}`,
        names: [],
        payload,
        payloadName: followed.ref ?? payloadAt,
        lenient: node["x-fwcall-lenient-payload"],
      };
      byObject.set(node, message);
    }
    for (const name of [...own, ...channelNames]) if (!message.names.includes(name)) message.names.push(name);
  };
  const channels = isJsonObject(doc.root.channels) ? doc.root.channels : {};
  for (const [channelKey, rawChannel] of Object.entries(channels)) {
    const { node: channel } = doc.follow(rawChannel);
    if (!isJsonObject(channel)) continue;
    const channelNames = [channelKey, typeof channel.address === "string" ? channel.address : ""].filter((n) => n !== "");
    const at = `#/channels/${escape(channelKey)}`;
    if (isJsonObject(channel.messages)) for (const [key, raw] of Object.entries(channel.messages)) add(raw, `${at}/messages/${escape(key)}`, key, channelNames);
    for (const action of ["subscribe", "publish"] as const) {
      const operation = channel[action];
      if (!isJsonObject(operation)) continue;
      const names = typeof operation.operationId === "string" ? [...channelNames, operation.operationId] : channelNames;
      if (operation.message !== undefined) add(operation.message, `${at}/${action}/message`, "", names);
    }
  }
  const components = isJsonObject(doc.root.components) && isJsonObject(doc.root.components.messages) ? doc.root.components.messages : {};
  for (const [key, raw] of Object.entries(components)) add(raw, `#/components/messages/${escape(key)}`, key, []);
  return [...byObject.values()];
}
