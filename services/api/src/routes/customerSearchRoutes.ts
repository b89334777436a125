import { CONSENT_PURPOSES, LEAD_SOURCES, LIFECYCLE_STAGES, queryText, STAGES } from "@crm/domain";
import {
  type CustomerSummary,
  customersCsv,
  decodeCursor,
  pageOfCustomers,
  selectCustomers,
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
  ...customer
}: CustomerSummary) => customer;

export const customerSearchRoutes: FastifyPluginAsyncZod<{ readModels: ReadModelAccess }> = async (
  app,
  { readModels },
) => {
  const summaries = async () => {
    await readModels.settle();
    return readModels.customerSummaries();
  };

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
      const page = pageOfCustomers(await summaries(), filters, {
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
      const selected = selectCustomers(await summaries(), request.query);
      const csv = customersCsv(selected);
      recordAccess(request, { what: "export", filters: request.query, rows: selected.length });
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", 'attachment; filename="customers.csv"')
        .send(csv);
    },
  );
};
