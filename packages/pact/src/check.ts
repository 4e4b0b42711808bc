// The pact-to-schema check on its own: it loads no Pact library, so a command line starts fast.
export { checkPact } from "./check/check-pact.js";
export { formatFinding, type PactCheck, type PactFinding } from "./check/findings.js";
export { NotAPactError, readPact, type PactDocument, type PactInteraction, type PactBody, type BodyRule, type InteractionKind } from "./pact-file.js";
export { duplicateKeyWarnings, pactFilesIn, PACT_FILE_WORDS, parsePactText, readPactFile, readPactJson, type PactFileInput, type PactReadOptions } from "./read-pact-file.js";
export { BODY_SCHEMAS, EVENT_SCHEMAS, type BodySchema } from "./body-schemas.js";
export { schemaOfBody } from "./check/identify.js";
export { PROVIDERS, type ProviderName } from "./providers.js";
// The same check against a provider document (OpenAPI 3 or AsyncAPI 2/3), as bi-directional contract testing does it.
export { checkPactAgainstProvider, prepareProvider, type PreparedProvider, type BodyPromise } from "./provider-doc/check-provider.js";
export { MAX_DOCUMENT_BYTES, ProviderDocumentError, readProviderDocument, type ProviderDocument } from "./provider-doc/document.js";
