import { DomainError } from "@crm/domain";
import { EventStoreUnavailableError } from "@crm/event-store";
import { ReadStoreUnavailableError } from "@crm/read-store";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { ApiError } from "./apiError.ts";

// Contract section 8: every refusal is {error, message, details?} with the
// contract's code; bad client input never becomes a 5xx.

export type ErrorResponse = {
  status: number;
  body: { error: string; message: string; details?: unknown };
  headers?: Record<string, string>;
};

export const RETRY_AFTER_SECONDS = "5";

type FieldProblem = { path: string; in: string; message: string };

const fieldProblems = (
  issues: Array<{ instancePath: string; message?: string; keyword: string; params: Record<string, unknown> }>,
  location: string,
): FieldProblem[] =>
  issues.flatMap((issue) => {
    const base = issue.instancePath.replace(/^\//, "").replaceAll("/", ".");
    if (issue.keyword === "unrecognized_keys" && Array.isArray(issue.params.keys))
      return issue.params.keys.map((key) => ({
        path: base ? `${base}.${String(key)}` : String(key),
        in: location,
        message: "is not a known field",
      }));
    return [{ path: base, in: location, message: issue.message ?? issue.keyword }];
  });

const FASTIFY_CODES: Record<string, { status: number; error: string; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, error: "payload_too_large", message: "the body exceeds 64 KiB" },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    error: "unsupported_media_type",
    message: "send the body as application/json",
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, error: "validation_failed" },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, error: "validation_failed", message: "the JSON body is empty" },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    error: "validation_failed",
    message: "the body is not valid JSON",
  },
};

const GENERIC_BY_STATUS: Record<number, string> = {
  400: "validation_failed",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
};

/** A refusal a rule of ours names: its code and message, and its details when it has any. */
const refusalOf = (
  status: number,
  refusal: { code: string; message: string; details?: unknown },
): ErrorResponse => ({
  status,
  body: {
    error: refusal.code,
    message: refusal.message,
    ...(refusal.details === undefined ? {} : { details: refusal.details }),
  },
});

/** The response for a refusal we understand; undefined for a fault that is ours (a 500). */
export const errorResponse = (error: unknown): ErrorResponse | undefined => {
  if (error instanceof DomainError) return refusalOf(error.status, error);
  if (error instanceof ApiError) return refusalOf(error.statusCode, error);
  if (error instanceof EventStoreUnavailableError || error instanceof ReadStoreUnavailableError)
    return {
      status: 503,
      body: {
        error: "unavailable",
        message: "a backing store is unavailable; nothing was recorded, retry later",
      },
      headers: { "retry-after": RETRY_AFTER_SECONDS },
    };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const location = (error as { validationContext?: string }).validationContext ?? "body";
    return {
      status: 400,
      body: {
        error: "validation_failed",
        message: `the request ${location} is invalid`,
        details: fieldProblems(error.validation, location),
      },
    };
  }
  const fastifyError = error as { code?: string; statusCode?: number; message?: string };
  const known = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (known)
    return {
      status: known.status,
      body: {
        error: known.error,
        message: known.message ?? fastifyError.message ?? known.error,
        ...(known.status === 400 ? { details: [{ path: "", in: "body", message: known.message }] } : {}),
      },
    };
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500)
    return {
      status,
      body: {
        error: GENERIC_BY_STATUS[status] ?? "bad_request",
        message: fastifyError.message ?? "bad request",
      },
    };
  return undefined;
};
