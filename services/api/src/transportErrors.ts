import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";

// Contract section 8 holds for refusals that happen before any route runs: the router's (a path
// parameter too long, a path that is not valid percent-encoding) and node's HTTP parser's
// (headers too large or malformed). Fastify answers those with bodies of its own shape
// ({error: "Bad Request", code, statusCode}); these give the contract's {error, message}.

type Refusal = { status: number; error: string; message: string };

const ROUTER_REFUSALS: Record<string, Refusal> = {
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    error: "uri_too_long",
    message: "a path parameter is longer than 100 characters; ids are UUIDs",
  },
  FST_ERR_BAD_URL: {
    status: 400,
    error: "validation_failed",
    message: "the path is not valid percent-encoded UTF-8",
  },
};

/** Fastify's `frameworkErrors`: refusals of the router, before a route is chosen. */
export const routerRefusal = (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
  const refusal = ROUTER_REFUSALS[error.code] ?? {
    status: error.statusCode ?? 400,
    error: error.statusCode && error.statusCode >= 500 ? "internal_error" : "validation_failed",
    message: "the request could not be routed",
  };
  return reply.code(refusal.status).send({ error: refusal.error, message: refusal.message });
};

const parserRefusal = (code: string | undefined): Refusal => {
  if (code === "HPE_HEADER_OVERFLOW")
    return {
      status: 431,
      error: "header_fields_too_large",
      message: "the request headers exceed 16 KiB",
    };
  if (code === "ERR_HTTP_REQUEST_TIMEOUT")
    return { status: 408, error: "request_timeout", message: "the request was not received in time" };
  return {
    status: 400,
    error: "validation_failed",
    message: "the request is not well-formed HTTP (e.g. a control character in a header)",
  };
};

/**
 * Fastify's `clientErrorHandler` (node's `clientError`): the parser refused the request, so there
 * is no request object, only the socket. Answered the way node and fastify do it (one response,
 * then the connection closes), with the contract's body.
 */
export function parserErrorHandler(error: Error & { code?: string }, socket: Socket) {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const refusal = parserRefusal(error.code);
  const body = JSON.stringify({ error: refusal.error, message: refusal.message });
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  socket.destroy(error);
}
