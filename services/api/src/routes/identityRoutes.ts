import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLES } from "../access.ts";
import { securedRoute } from "./schemas.ts";

const identityReply = z.object({ actorId: z.string(), role: z.enum(ROLES) });

/**
 * Who the key belongs to. The console signs in with a key and shows what that
 * role may do; without this it could only guess the role from 403s.
 */
export const identityRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/me",
    {
      config: { right: "identify" },
      schema: {
        ...securedRoute,
        tags: ["access"],
        summary: "The actor and role of the API key sent",
        response: { 200: identityReply },
      },
    },
    (request) => ({ actorId: request.actor.id, role: request.actor.role }),
  );
};
