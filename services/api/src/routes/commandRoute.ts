import type { HTTPMethods } from "fastify";
import type { z } from "zod";
import type { Right } from "../access.ts";
import { securedRoute } from "./schemas.ts";

/** Where a command is sent, the right it needs, and the shapes of its request (contract section 2). */
export type CommandRouteDeclaration = {
  method: HTTPMethods;
  url: string;
  right: Right;
  summary: string;
  /** Absent when the path names no customer (the body does). */
  params?: z.ZodType;
  body: z.ZodType;
};

/**
 * A declared command as fastify's route options: the right checked before it runs, and one
 * schema that validates the request and documents it under "commands" in the OpenAPI document.
 */
export const commandRouteOptions = (
  declaration: CommandRouteDeclaration,
  response: Record<number, z.ZodType>,
) => ({
  method: declaration.method,
  url: declaration.url,
  config: { right: declaration.right },
  schema: {
    ...securedRoute,
    tags: ["commands"],
    summary: declaration.summary,
    ...(declaration.params ? { params: declaration.params } : {}),
    body: declaration.body,
    response,
  },
});
