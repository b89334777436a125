import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { type ApiKey, type Right, type Role, roleHasRight } from "../access.ts";
import { ApiError } from "../apiError.ts";

declare module "fastify" {
  interface FastifyRequest {
    actor: { id: string; role: Role };
  }
  interface FastifyContextConfig {
    /** The right a route needs; routes without one are public (docs, health). */
    right?: Right;
  }
}

const bearer = (request: FastifyRequest): string | undefined => {
  const header = request.headers.authorization;
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
};

/** 401 before anything else is looked at, then 403 for a role without the route's right. */
export const authentication = fp(
  async (app: FastifyInstance, options: { apiKeys: ApiKey[] }) => {
    const byKey = new Map(options.apiKeys.map((apiKey) => [apiKey.key, apiKey]));
    app.decorateRequest("actor", null as unknown as FastifyRequest["actor"]);
    app.addHook("onRequest", async (request) => {
      const right = request.routeOptions.config.right;
      if (!right) return;
      const apiKey = byKey.get(bearer(request) ?? "");
      if (!apiKey)
        throw new ApiError(401, "unauthorized", "a valid API key is required: Authorization: Bearer <key>");
      if (!roleHasRight(apiKey.role, right))
        throw new ApiError(403, "forbidden", `the role ${apiKey.role} may not ${right}`);
      request.actor = { id: apiKey.actorId, role: apiKey.role };
    });
  },
  { name: "authentication" },
);
