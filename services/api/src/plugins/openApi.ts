import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { jsonSchemaTransform } from "fastify-type-provider-zod";
import { documentRefusals } from "../openApiErrors.ts";

/** The OpenAPI document comes from the routes' zod schemas; /docs serves it with a UI. */
export const openApi = fp(
  async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        info: {
          title: "CRM platform API",
          version: "1.0.0",
          description: "Event-sourced CRM: commands append events; reads replay them as of any date.",
        },
        components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer" } } },
      },
      transform: jsonSchemaTransform,
      transformObject: (documents) =>
        documentRefusals((documents as { openapiObject: object }).openapiObject) as never,
    });
    await app.register(swaggerUi, { routePrefix: "/docs" });
  },
  { name: "open-api" },
);
