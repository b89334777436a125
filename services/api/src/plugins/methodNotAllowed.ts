import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { ApiError } from "../apiError.ts";

type KnownPath = { pattern: RegExp; methods: Set<string> };

/** fastify's default maxParamLength. */
const MAX_PARAM_LENGTH = 100;

const patternOf = (url: string) =>
  new RegExp(`^${url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:[^/]+/g, "[^/]+")}/?$`);

/**
 * A known path asked with a method it does not have is `405 method_not_allowed` with an `Allow`
 * header (RFC 9110), not a 404 that would say the path does not exist.
 */
export const methodNotAllowed = fp(
  async (app: FastifyInstance) => {
    const known = new Map<string, KnownPath>();
    app.addHook("onRoute", (route) => {
      // A catch-all (the console's pages) is no path of the API's.
      if (route.url.includes("*")) return;
      const entry = known.get(route.url) ?? { pattern: patternOf(route.url), methods: new Set<string>() };
      for (const method of [route.method].flat()) entry.methods.add(method);
      known.set(route.url, entry);
    });
    app.addHook("onRequest", async (request, reply) => {
      // Not routed, or routed only to a catch-all (which hands API paths back as not found).
      const routed = request.routeOptions.url;
      if (routed !== undefined && !routed.includes("*")) return;
      const path = request.url.split("?")[0] ?? "";
      // The router refuses a path parameter over its limit (414); behind a catch-all page route it
      // lands here instead, and is refused the same way.
      if (path.startsWith("/api/") && path.split("/").some((segment) => segment.length > MAX_PARAM_LENGTH))
        throw new ApiError(
          414,
          "uri_too_long",
          "a path parameter is longer than 100 characters; ids are UUIDs",
        );
      const allowed = [...known.values()]
        .filter((entry) => entry.pattern.test(path))
        .flatMap((entry) => [...entry.methods]);
      if (allowed.length === 0 || allowed.includes(request.method)) return;
      reply.header("allow", [...new Set(allowed)].sort().join(", "));
      throw new ApiError(405, "method_not_allowed", `${request.method} is not allowed on ${path}`);
    });
  },
  { name: "method-not-allowed" },
);
