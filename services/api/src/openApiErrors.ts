// Contract section 8 in the OpenAPI document: every operation lists the refusals it can give,
// each with the error body. They follow from what the operation is (a command or a read, with a
// path id, with If-Match), the way the error handler gives them, so they are stated once here
// rather than on every route, and a new route is documented like its siblings.

type Operation = {
  tags?: string[];
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: unknown;
  responses?: Record<string, unknown>;
  security?: unknown[];
};
type OpenApiDocument = {
  paths?: Record<string, Record<string, Operation>>;
  components?: Record<string, unknown>;
};

const ERROR_BODY = {
  type: "object",
  required: ["error", "message"],
  properties: {
    error: { type: "string", description: "the contract's code, e.g. validation_failed, duplicate" },
    message: { type: "string" },
    details: {
      description: "validation_failed: [{path, in, message}] per bad field; other codes: what they name",
    },
  },
};

const WHY: Record<string, string> = {
  "400": "validation_failed: a field, parameter or header breaks its rule (details name each)",
  "401": "unauthorized: no API key, or an unknown one",
  "403": "forbidden: the key's role lacks the right",
  "404": "not_found: no such customer (or complaint)",
  "409":
    "duplicate / duplicate_order / conflict (a create by id with another body; a keyed request still in progress)",
  "412": "revision_mismatch: If-Match names another revision than the current one",
  "413": "payload_too_large: the body exceeds 64 KiB",
  "414": "uri_too_long: a path parameter over 100 characters",
  "415": "unsupported_media_type: the body is not JSON in UTF-8",
  "422":
    "a domain rule refused the command (invalid_transition, out_of_order, not_a_customer, unknown_referrer, idempotency_key_reused)",
  "503": "unavailable: a backing store is down; nothing was recorded (see Retry-After)",
};

const COMMAND_HEADERS = {
  idempotencyKey: {
    in: "header",
    name: "Idempotency-Key",
    required: false,
    description: "A repeat with the same key and body within 24 h gets the first answer and appends nothing",
    schema: { type: "string", minLength: 1, maxLength: 200 },
  },
  ifMatch: {
    in: "header",
    name: "If-Match",
    required: false,
    description: 'The revision last seen, e.g. "3": another current revision is 412 and nothing is appended',
    schema: { type: "string", pattern: '^(\\*|(W/)?"?[0-9]{1,15}"?)$' },
  },
};

/** Customer commands (tag "commands") run through the command responder: keys, If-Match, domain rules. */
const isCustomerCommand = (operation: Operation) => operation.tags?.includes("commands") === true;

const statusesOf = (path: string, operation: Operation): string[] => {
  const isCommand = isCustomerCommand(operation);
  const hasPathId = path.includes("{");
  return [
    "400",
    ...(operation.security ? ["401", "403"] : []),
    // A command may also name a customer in its body (a merge's duplicate, a dismissal's pair).
    ...(hasPathId || isCommand ? ["404"] : []),
    ...(hasPathId ? ["414"] : []),
    ...(isCommand ? ["409"] : []),
    ...(isCommand && hasPathId ? ["412"] : []),
    ...(operation.requestBody ? ["413", "415"] : []),
    ...(isCommand ? ["422"] : []),
    "503",
  ];
};

const errorResponse = (status: string) => ({
  description: WHY[status],
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  ...(status === "503"
    ? { headers: { "Retry-After": { schema: { type: "integer" }, description: "seconds" } } }
    : {}),
});

const withRefusals = (path: string, operation: Operation): Operation => {
  const refusals = Object.fromEntries(
    statusesOf(path, operation).map((status) => [status, errorResponse(status)]),
  );
  const headers = isCustomerCommand(operation)
    ? [COMMAND_HEADERS.idempotencyKey, ...(path.includes("{") ? [COMMAND_HEADERS.ifMatch] : [])]
    : [];
  return {
    ...operation,
    parameters: [...(operation.parameters ?? []), ...headers],
    responses: { ...refusals, ...operation.responses },
  };
};

/** The document with the error responses (and the command headers) on every API operation. */
export const documentRefusals = (document: OpenApiDocument): OpenApiDocument => ({
  ...document,
  paths: Object.fromEntries(
    Object.entries(document.paths ?? {}).map(([path, methods]) => [
      path,
      path.startsWith("/api/")
        ? Object.fromEntries(
            Object.entries(methods).map(([method, operation]) => [method, withRefusals(path, operation)]),
          )
        : methods,
    ]),
  ),
  components: {
    ...document.components,
    schemas: { ...(document.components?.schemas as object), Error: ERROR_BODY },
  },
});
