import { LEAD_SOURCES } from "@crm/domain";
import { VALUE_TIERS } from "@crm/views";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ReadModelAccess } from "../readModelAccess.ts";
import { securedRoute } from "./schemas.ts";

const instant = z.iso.datetime({ offset: true, message: "must be an ISO-8601 date-time" });
const cut = { asOf: instant.optional(), knownAt: instant.optional() };
const window = { from: instant.optional(), to: instant.optional() };
const filters = {
  ownerId: z.string().min(1).max(200).optional(),
  source: z.enum(LEAD_SOURCES).optional(),
  region: z.string().min(1).max(200).optional(),
};

const windowIsOrdered = (query: { from?: string; to?: string }) =>
  query.from === undefined || query.to === undefined || Date.parse(query.from) < Date.parse(query.to);
const orderedWindow = { message: "from must be before to", path: ["to"] };

const funnelQuery = z
  .strictObject({ ...cut, ...window, ...filters, target: z.coerce.number().positive().optional() })
  .refine(windowIsOrdered, orderedWindow);
const lifecycleQuery = z
  .strictObject({ ...cut, ...window, ...filters })
  .refine(windowIsOrdered, orderedWindow);
const churnQuery = z.strictObject({ ...cut, ...window, ...filters }).refine(windowIsOrdered, orderedWindow);
// Contract 9.6
const stageVelocityQuery = z
  .strictObject({ ...cut, ...window, ownerId: filters.ownerId })
  .refine(windowIsOrdered, orderedWindow);
const activityQuery = z.strictObject({ ...cut, ...window }).refine(windowIsOrdered, orderedWindow);

const customerValueQuery = z.strictObject({
  ...cut,
  ...filters,
  tier: z.enum(VALUE_TIERS).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});

/** Contract section 5: the four views; without asOf from the read model, with asOf by replay. */
export const viewRoutes: FastifyPluginAsyncZod<{ readModels: ReadModelAccess }> = async (
  app,
  { readModels },
) => {
  const { views, settle } = readModels;
  const tags = ["views"];
  const config = { right: "readViews" as const };

  app.get(
    "/views/funnel",
    {
      config,
      schema: { ...securedRoute, tags, summary: "Sales funnel and 3:1 coverage", querystring: funnelQuery },
    },
    async (request) => {
      await settle();
      return views.funnel(request.query);
    },
  );
  app.get(
    "/views/lifecycle",
    {
      config,
      schema: { ...securedRoute, tags, summary: "Customer lifecycle stages", querystring: lifecycleQuery },
    },
    async (request) => {
      await settle();
      return views.lifecycle(request.query);
    },
  );
  app.get(
    "/views/churn",
    {
      config,
      schema: {
        ...securedRoute,
        tags,
        summary: "Losses, win-backs, complaints, at-risk",
        querystring: churnQuery,
      },
    },
    async (request) => {
      await settle();
      return views.churn(request.query);
    },
  );
  app.get(
    "/views/customer-value",
    {
      config,
      schema: {
        ...securedRoute,
        tags,
        summary: "RFM and the value pyramid",
        querystring: customerValueQuery,
      },
    },
    async (request) => {
      await settle();
      return views.customerValue(request.query);
    },
  );
  // Contract 9.6
  app.get(
    "/views/stage-velocity",
    {
      config,
      schema: {
        ...securedRoute,
        tags,
        summary: "Time in each open stage and from lead to first win",
        querystring: stageVelocityQuery,
      },
    },
    async (request) => {
      await settle();
      return views.stageVelocity(request.query);
    },
  );
  app.get(
    "/views/activity",
    {
      config,
      schema: {
        ...securedRoute,
        tags,
        summary: "Work recorded per actor in the window",
        querystring: activityQuery,
      },
    },
    async (request) => {
      await settle();
      return views.activity(request.query);
    },
  );
};
