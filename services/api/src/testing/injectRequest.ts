import type { FastifyInstance } from "fastify";
import type { Role } from "../access.ts";

// One request through the whole fastify pipeline (auth, validation, handlers, error bodies),
// without a socket: what the API specs and the platform's test harness send.

export type ApiRequest = {
  method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
  url: string;
  /** The role whose key is sent; none sends no Authorization header. */
  as?: Role;
  headers?: Record<string, string>;
  payload?: unknown;
};

export type ApiResponse = {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  // biome-ignore lint/suspicious/noExplicitAny: specs read answers field by field, as a client would
  body: any;
};

/** One request through the whole fastify pipeline, without a socket; the body parsed when it is JSON. */
export const injectRequest = async (
  app: FastifyInstance,
  request: Omit<ApiRequest, "as">,
): Promise<ApiResponse> => {
  const response = await app.inject({
    method: request.method,
    url: request.url,
    ...(request.headers ? { headers: request.headers } : {}),
    ...(request.payload === undefined ? {} : { payload: request.payload as object }),
  });
  const isJson = response.headers["content-type"]?.toString().includes("json");
  return {
    status: response.statusCode,
    headers: response.headers,
    body: isJson ? response.json() : response.body,
  };
};
