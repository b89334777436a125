import { tooFarInTheFuture } from "@crm/domain";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { ApiError } from "../apiError.ts";

/**
 * Contract section 2: a command's occurredAt is "not more than 5 minutes in the future". "Now" is
 * the platform's clock (the one that stamps recordedAt), which the body schemas cannot see, so
 * the check runs here, after the body passed its schema, before any command runs.
 */
export const businessTime = fp(
  async (app: FastifyInstance, options: { clock: () => Date }) => {
    app.addHook("preHandler", async (request) => {
      const occurredAt = (request.body as { occurredAt?: unknown } | null | undefined)?.occurredAt;
      if (typeof occurredAt === "string" && tooFarInTheFuture(occurredAt, options.clock()))
        throw new ApiError(400, "validation_failed", "the request body is invalid", [
          { path: "occurredAt", in: "body", message: "must not be more than 5 minutes in the future" },
        ]);
    });
  },
  { name: "business-time" },
);
