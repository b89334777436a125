import type { DocumentCollection, DocumentFilter, FieldCondition } from "@crm/read-store";
import { AUDIT_ORDER, type AuditEntry, auditEntryId } from "./auditTrailProjection.ts";

// Contract section 4, audit: newest recordedAt first. Ties (one instant, several
// customers) go by customerId, then newest revision first, so the order is total
// and a cursor names one place in it. `from` is inclusive and `to` exclusive, like
// every time window of the API. The cursor names the last entry served, so paging
// neither repeats nor skips an entry while new events arrive (they sort before it).
// The store filters, orders and cuts the page through the indexes the projection
// declares: a page costs the same on a trail of a thousand events or of ten million.

export type AuditSelection = {
  actorId?: string;
  customerId?: string;
  type?: string;
  from?: string;
  to?: string;
};

export type AuditQuery = AuditSelection & { limit: number; cursor?: string };

export type AuditItem = Omit<AuditEntry, "_id">;

type Position = Pick<AuditEntry, "recordedAt" | "customerId" | "revision">;

/** A cursor this API did not give out (or that was altered): the client's mistake, a 400. */
export class InvalidAuditCursorError extends Error {
  constructor() {
    super("the cursor is not one this API gave out");
    this.name = "InvalidAuditCursorError";
  }
}

const encodeCursor = ({ recordedAt, customerId, revision }: Position): string =>
  Buffer.from(JSON.stringify({ recordedAt, customerId, revision })).toString("base64url");

const decodeCursor = (cursor: string): Position => {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Partial<Position>;
    if (
      typeof parsed.recordedAt === "string" &&
      !Number.isNaN(Date.parse(parsed.recordedAt)) &&
      typeof parsed.customerId === "string" &&
      Number.isInteger(parsed.revision)
    )
      return parsed as Position;
  } catch {
    // Falls through to the refusal below.
  }
  throw new InvalidAuditCursorError();
};

/** A caller's instant, written with any offset, as recordedAt is stored. */
const stored = (instant: string) => new Date(instant).toISOString();

const filterOf = (selection: AuditSelection): DocumentFilter => {
  const recordedAt: Exclude<FieldCondition, string | number | boolean | null> = {};
  if (selection.from !== undefined) recordedAt.gte = stored(selection.from);
  if (selection.to !== undefined) recordedAt.lt = stored(selection.to);
  return {
    ...(selection.actorId === undefined ? {} : { "actor.id": selection.actorId }),
    ...(selection.customerId === undefined ? {} : { customerId: selection.customerId }),
    ...(selection.type === undefined ? {} : { type: selection.type }),
    ...(Object.keys(recordedAt).length === 0 ? {} : { recordedAt }),
  };
};

const toItem = ({ _id, ...item }: AuditEntry): AuditItem => item;

export const auditTrail = async (
  entries: DocumentCollection<AuditEntry>,
  { limit, cursor, ...selection }: AuditQuery,
): Promise<{ items: AuditItem[]; nextCursor: string | null }> => {
  const after = cursor === undefined ? null : decodeCursor(cursor);
  // One more than the page: whether it comes back says whether there is a next page.
  const found = await entries.find({
    filter: filterOf(selection),
    sort: AUDIT_ORDER,
    ...(after === null
      ? {}
      : {
          after: [
            stored(after.recordedAt),
            after.customerId,
            after.revision,
            auditEntryId(after.customerId, after.revision),
          ],
        }),
    limit: limit + 1,
  });
  const page = found.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toItem),
    nextCursor: found.length > limit && last ? encodeCursor(last) : null,
  };
};
