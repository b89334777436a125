import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ApiError } from "../apiError.ts";
import type { AnchoredHistoryAccess } from "../trustAccess.ts";
import { securedRoute } from "./schemas.ts";

// Contract section 10.4: the signed checkpoints of the global chain, the public key that
// checks them, and verify over every customer chain and the global chain at once.

const checkpointsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
  cursor: z
    .string()
    .regex(/^\d{1,20}$/, "is not a cursor from a previous page")
    .optional(),
});

const head = z.object({ revision: z.int(), hash: z.string(), position: z.string() });
const checkpoint = z.object({
  position: z.string(),
  globalHash: z.string(),
  at: z.string(),
  events: z.int(),
  heads: z.record(z.string(), head),
  signature: z.string(),
});

const historyBreak = z.object({
  position: z.string(),
  reason: z.enum([
    "event_altered",
    "event_missing",
    "stream_tail_missing",
    "store_tail_missing",
    "global_chain_mismatch",
    "checkpoint_forged",
  ]),
  customerId: z.string().optional(),
  revision: z.int().optional(),
});

const verdict = z.object({
  valid: z.boolean(),
  events: z.int(),
  customers: z.int(),
  checkpoints: z.int(),
  latestCheckpoint: z.object({ position: z.string(), at: z.string() }).nullable(),
  brokenAt: historyBreak.optional(),
});

const notAnchored = () =>
  new ApiError(503, "unavailable", "this process does not keep the anchored history (no signing key)");

export const anchoredHistoryRoutes: FastifyPluginAsyncZod<{
  history: AnchoredHistoryAccess | undefined;
}> = async (app, { history }) => {
  app.get(
    "/audit/checkpoints",
    {
      config: { right: "readAudit" },
      schema: {
        ...securedRoute,
        tags: ["audit"],
        summary: "Signed checkpoints of the global chain, newest first",
        description:
          "Each signature is Ed25519 over the canonical JSON (sorted keys) of {position, globalHash, at, events, heads}. Page with `nextCursor`.",
        querystring: checkpointsQuery,
        response: { 200: z.object({ items: z.array(checkpoint), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => {
      if (!history) throw notAnchored();
      const { limit, cursor } = request.query;
      const newestFirst = (await history.checkpoints()).reverse();
      const start =
        cursor === undefined ? 0 : newestFirst.findIndex((item) => BigInt(item.position) < BigInt(cursor));
      const items = start < 0 ? [] : newestFirst.slice(start, start + limit);
      const more = start >= 0 && start + limit < newestFirst.length;
      return { items, nextCursor: more ? (items.at(-1)?.position ?? null) : null };
    },
  );

  app.get(
    "/audit/verify",
    {
      config: { right: "verifyCustomer" },
      schema: {
        ...securedRoute,
        tags: ["audit"],
        summary: "Recompute every customer chain and the global chain against the signed checkpoints",
        description:
          "`brokenAt` is the first break in store order: its position, why, and the customer and revision where one is named.",
        response: { 200: verdict },
      },
    },
    async () => {
      if (!history) throw notAnchored();
      return history.verify();
    },
  );

  app.get(
    "/audit/public-key",
    {
      schema: {
        tags: ["audit"],
        summary: "The platform's public key that checks the checkpoints' signatures (no API key needed)",
        response: { 200: z.object({ algorithm: z.literal("Ed25519"), publicKey: z.string() }) },
      },
    },
    async () => {
      if (!history) throw notAnchored();
      return { algorithm: "Ed25519" as const, publicKey: history.publicKeyPem };
    },
  );
};
