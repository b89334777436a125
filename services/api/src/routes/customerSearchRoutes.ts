import { CONSENT_PURPOSES, LEAD_SOURCES, LIFECYCLE_STAGES, queryText, STAGES } from "@crm/domain";
import {
  type CustomerSummary,
  customersCsvStream,
  decodeCursor,
  everyCustomer,
  searchCustomers,
} from "@crm/read-models";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { recordAccess } from "../accessRecording.ts";
import { ApiError } from "../apiError.ts";
import type { ReadModelAccess } from "../readModelAccess.ts";
import { securedRoute } from "./schemas.ts";

const selection = {
  q: queryText(200, { allowEmpty: true }).optional(),
  stage: z.enum(STAGES).optional(),
  lifecycle: z.enum(LIFECYCLE_STAGES).optional(),
  ownerId: queryText(200).optional(),
  pool: z
    .enum(["true", "false"])
    .transform((value) => value === "true")
    .optional(),
  tag: queryText(50).optional(),
  source: z.enum(LEAD_SOURCES).optional(),
  region: queryText(200).optional(),
  consent: z.enum(CONSENT_PURPOSES).optional(),
  // Contract 9.6
  industry: queryText(200).optional(),
  companySize: queryText(50).optional(),
  createdFrom: z.iso.datetime({ offset: true, message: "must be an ISO-8601 date-time" }).optional(),
  createdTo: z.iso.datetime({ offset: true, message: "must be an ISO-8601 date-time" }).optional(),
};

const createdInOrder = (query: { createdFrom?: string; createdTo?: string }) =>
  query.createdFrom === undefined ||
  query.createdTo === undefined ||
  Date.parse(query.createdFrom) < Date.parse(query.createdTo);
const orderedCreation = { message: "createdFrom must be before createdTo", path: ["createdTo"] };

const searchQuery = z
  .strictObject({
    ...selection,
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(500).optional(),
  })
  .refine(createdInOrder, orderedCreation);
const exportQuery = z.strictObject(selection).refine(createdInOrder, orderedCreation);

/** The customer as the contract shows it; the summary's bookkeeping fields stay inside. */
const publicCustomer = ({
  _id,
  everWon: _everWon,
  referredCustomerIds: _referred,
  openComplaintIds: _open,
  mergedInto: _merged,
  queryKeys: _queryKeys,
  ...customer
}: CustomerSummary) => customer;

export const customerSearchRoutes: FastifyPluginAsyncZod<{ readModels: ReadModelAccess }> = async (
  app,
  { readModels },
) => {
  const summaries = readModels.customerSummaries;

  app.get(
    "/customers",
    {
      config: { right: "searchCustomers" },
      schema: { ...securedRoute, tags: ["customers"], summary: "Search customers", querystring: searchQuery },
    },
    async (request) => {
      const { limit, cursor, ...filters } = request.query;
      const position = cursor === undefined ? undefined : decodeCursor(cursor);
      if (position === null)
        throw new ApiError(400, "validation_failed", "the cursor is not one this API gave out", [
          { path: "cursor", in: "querystring", message: "is not a cursor from a previous page" },
        ]);
      await readModels.settle();
      const page = await searchCustomers(summaries, filters, {
        limit,
        ...(position ? { cursor: position } : {}),
      });
      return { items: page.items.map(publicCustomer), nextCursor: page.nextCursor };
    },
  );

  app.get(
    "/customers/export.csv",
    {
      config: { right: "exportCustomers" },
      schema: {
        ...securedRoute,
        tags: ["customers"],
        summary: "Export the selection as CSV",
        querystring: exportQuery,
      },
    },
    async (request, reply) => {
      await readModels.settle();
      const customers = everyCustomer(summaries, request.query);
      // The first page is read before the answer starts: a store that is down is a 503, not a
      // download that breaks after its header row.
      const first = await customers.next();
      // Contract 10.3: the access record counts the rows actually sent, once the stream ends.
      let rows = 0;
      async function* all() {
        try {
          if (!first.done) {
            rows += 1;
            yield first.value;
          }
          for await (const customer of customers) {
            rows += 1;
            yield customer;
          }
        } finally {
          recordAccess(request, { what: "export", filters: request.query, rows });
        }
      }
      const csv = customersCsvStream(all());
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", 'attachment; filename="customers.csv"')
        .send(csv);
    },
  );
};
