import type { DocumentCollection, DocumentFilter, FieldCondition } from "@crm/read-store";
import { AUDIT_ORDER, type AuditEntry, auditEntryId } from "./auditTrailProjection.ts";

// Contract section 4, audit: newest recordedAt first. Ties (one instant, several
// customers) go by customerId, then newest revision first, so the order is total
// and a cursor names one place in it. `from` is inclusive and `to` exclusive, like
// every time window of the API. The cursor names the last entry served, so paging
// neither repeats nor skips an entry while new events arrive (they sort before it).
// The source filters, orders and cuts the page through its indexes: a page costs the same on a
// trail of a thousand events or of ten million. Two sources answer alike: the read model
// (auditReadModel, the distributed setup's MongoDB collection) and, in the embedded default, the
// SQLite event store's own rows (@crm/stores' eventStoreAuditTrail), so a rebuild copies nothing.

export type AuditSelection = {
  actorId?: string;
  customerId?: string;
  type?: string;
  from?: string;
  to?: string;
};

export type AuditQuery = AuditSelection & { limit: number; cursor?: string };

export type AuditItem = Omit<AuditEntry, "_id">;

/** A place in the trail's order (AUDIT_ORDER): the last entry a page served. */
export type AuditPosition = Pick<AuditEntry, "recordedAt" | "customerId" | "revision">;

/** Where the trail is read from. */
export type AuditSource = {
  /**
   * At most `limit` entries of the selection, in AUDIT_ORDER, strictly after `after` when given.
   * `from`, `to` and `after.recordedAt` come as recordedAt is stored (UTC, toISOString()).
   */
  page(selection: AuditSelection, after: AuditPosition | null, limit: number): Promise<AuditItem[]>;
};

/** A cursor this API did not give out (or that was altered): the client's mistake, a 400. */
export class InvalidAuditCursorError extends Error {
  constructor() {
    super("the cursor is not one this API gave out");
    this.name = "InvalidAuditCursorError";
  }
}

const encodeCursor = ({ recordedAt, customerId, revision }: AuditPosition): string =>
  Buffer.from(JSON.stringify({ recordedAt, customerId, revision })).toString("base64url");

const decodeCursor = (cursor: string): AuditPosition => {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Partial<AuditPosition>;
    if (
      typeof parsed.recordedAt === "string" &&
      !Number.isNaN(Date.parse(parsed.recordedAt)) &&
      typeof parsed.customerId === "string" &&
      Number.isInteger(parsed.revision)
    )
      return parsed as AuditPosition;
  } catch {
    // Falls through to the refusal below.
  }
  throw new InvalidAuditCursorError();
};

/** A caller's instant, written with any offset, as recordedAt is stored. */
const stored = (instant: string) => new Date(instant).toISOString();

const filterOf = (selection: AuditSelection): DocumentFilter => {
  const recordedAt: Exclude<FieldCondition, string | number | boolean | null> = {};
  if (selection.from !== undefined) recordedAt.gte = selection.from;
  if (selection.to !== undefined) recordedAt.lt = selection.to;
  return {
    ...(selection.actorId === undefined ? {} : { "actor.id": selection.actorId }),
    ...(selection.customerId === undefined ? {} : { customerId: selection.customerId }),
    ...(selection.type === undefined ? {} : { type: selection.type }),
    ...(Object.keys(recordedAt).length === 0 ? {} : { recordedAt }),
  };
};

const toItem = ({ _id, ...item }: AuditEntry): AuditItem => item;

/** The trail as a read model: one document per event, queried through the projection's indexes. */
export const auditReadModel = (entries: DocumentCollection<AuditEntry>): AuditSource => ({
  page: async (selection, after, limit) =>
    (
      await entries.find({
        filter: filterOf(selection),
        sort: AUDIT_ORDER,
        ...(after === null
          ? {}
          : {
              after: [
                after.recordedAt,
                after.customerId,
                after.revision,
                auditEntryId(after.customerId, after.revision),
              ],
            }),
        limit,
      })
    ).map(toItem),
});

export const auditTrail = async (
  source: AuditSource,
  { limit, cursor, ...selection }: AuditQuery,
): Promise<{ items: AuditItem[]; nextCursor: string | null }> => {
  const after = cursor === undefined ? null : decodeCursor(cursor);
  // One more than the page: whether it comes back says whether there is a next page.
  const found = await source.page(
    {
      ...selection,
      ...(selection.from === undefined ? {} : { from: stored(selection.from) }),
      ...(selection.to === undefined ? {} : { to: stored(selection.to) }),
    },
    after === null ? null : { ...after, recordedAt: stored(after.recordedAt) },
    limit + 1,
  );
  const page = found.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page,
    nextCursor: found.length > limit && last ? encodeCursor(last) : null,
  };
};
