import { LEAD_SOURCES, queryText } from "@crm/domain";
import { VALUE_TIERS } from "@crm/views";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ReadModelAccess } from "../readModelAccess.ts";
import { securedRoute } from "./schemas.ts";

const instant = z.iso.datetime({ offset: true, message: "must be an ISO-8601 date-time" });
const cut = { asOf: instant.optional(), knownAt: instant.optional() };
const window = { from: instant.optional(), to: instant.optional() };
const filters = {
  ownerId: queryText(200).optional(),
  source: z.enum(LEAD_SOURCES).optional(),
  region: queryText(200).optional(),
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
  /** A view read at `url`: what it answers, the query it takes, and the read behind it. */
  const serveView = <Q extends z.ZodType>(
    url: string,
    summary: string,
    querystring: Q,
    answer: (query: z.output<Q>) => Promise<unknown>,
  ) =>
    app.get(
      url,
      {
        config: { right: "readViews" },
        schema: { ...securedRoute, tags: ["views"], summary, querystring },
      },
      async (request) => {
        await settle();
        return answer(request.query as z.output<Q>);
      },
    );

  serveView("/views/funnel", "Sales funnel and 3:1 coverage", funnelQuery, views.funnel);
  serveView("/views/lifecycle", "Customer lifecycle stages", lifecycleQuery, views.lifecycle);
  serveView("/views/churn", "Losses, win-backs, complaints, at-risk", churnQuery, views.churn);
  serveView("/views/customer-value", "RFM and the value pyramid", customerValueQuery, views.customerValue);
  // Contract 9.6
  serveView(
    "/views/stage-velocity",
    "Time in each open stage and from lead to first win",
    stageVelocityQuery,
    views.stageVelocity,
  );
  serveView("/views/activity", "Work recorded per actor in the window", activityQuery, views.activity);
};
