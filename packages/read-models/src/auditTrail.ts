import type { AuditEntry } from "./auditTrailProjection.ts";

// Contract section 4, audit: newest recordedAt first. Ties (one instant, several
// customers) go by customerId, then newest revision first, so the order is total
// and a cursor names one place in it. `from` is inclusive and `to` exclusive, like
// every time window of the API. The cursor names the last entry served, so paging
// neither repeats nor skips an entry while new events arrive (they sort before it).

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

const newestFirst = (a: Position, b: Position): number =>
  Date.parse(b.recordedAt) - Date.parse(a.recordedAt) ||
  (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0) ||
  b.revision - a.revision;

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

const matches = (selection: AuditSelection) => {
  const from = selection.from === undefined ? null : Date.parse(selection.from);
  const to = selection.to === undefined ? null : Date.parse(selection.to);
  return (entry: AuditEntry): boolean => {
    const recordedAt = Date.parse(entry.recordedAt);
    return (
      (selection.actorId === undefined || entry.actor.id === selection.actorId) &&
      (selection.customerId === undefined || entry.customerId === selection.customerId) &&
      (selection.type === undefined || entry.type === selection.type) &&
      (from === null || recordedAt >= from) &&
      (to === null || recordedAt < to)
    );
  };
};

const toItem = ({ _id, ...item }: AuditEntry): AuditItem => item;

export const auditTrail = (
  entries: readonly AuditEntry[],
  { limit, cursor, ...selection }: AuditQuery,
): { items: AuditItem[]; nextCursor: string | null } => {
  const after = cursor === undefined ? null : decodeCursor(cursor);
  const selected = entries
    .filter(matches(selection))
    .filter((entry) => after === null || newestFirst(entry, after) > 0)
    .sort(newestFirst);
  const page = selected.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toItem),
    nextCursor: selected.length > limit && last ? encodeCursor(last) : null,
  };
};
