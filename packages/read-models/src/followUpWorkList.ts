import type { CustomerFollowUpsDocument } from "./customerFollowUps.ts";

// Contract 9.4, GET /follow-ups: one assignee's work list. `overdue` is open with dueAt before
// now; `open` includes the overdue ones (they are open too). Open and overdue come by dueAt
// ascending; done by completion, latest first; without a status, everything by dueAt. The cursor
// names the last item served, so paging neither repeats nor skips while the list changes.

export const FOLLOW_UP_STATUSES = ["open", "overdue", "done"] as const;
export type FollowUpStatusFilter = (typeof FOLLOW_UP_STATUSES)[number];

export type FollowUpQuery = {
  assigneeId: string;
  status?: FollowUpStatusFilter;
  dueBefore?: string;
  customerId?: string;
  limit: number;
  cursor?: string;
};

export type FollowUpItem = {
  followUpId: string;
  customerId: string;
  customerName: string;
  stage: string;
  title: string;
  dueAt: string;
  assigneeId: string;
  status: FollowUpStatusFilter;
  completedAt: string | null;
};

export class InvalidFollowUpCursorError extends Error {
  constructor() {
    super("the cursor is not one this API gave out");
    this.name = "InvalidFollowUpCursorError";
  }
}

type Position = { at: string; followUpId: string };

const sortKey = (item: FollowUpItem, status: FollowUpStatusFilter | undefined): Position => ({
  at: status === "done" ? (item.completedAt ?? item.dueAt) : item.dueAt,
  followUpId: item.followUpId,
});

const inListOrder = (status: FollowUpStatusFilter | undefined) => (a: Position, b: Position) => {
  const byTime = Date.parse(a.at) - Date.parse(b.at);
  return (
    (status === "done" ? -byTime : byTime) ||
    (a.followUpId < b.followUpId ? -1 : a.followUpId > b.followUpId ? 1 : 0)
  );
};

const decodeCursor = (cursor: string): Position => {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Partial<Position>;
    if (
      typeof parsed.at === "string" &&
      !Number.isNaN(Date.parse(parsed.at)) &&
      typeof parsed.followUpId === "string"
    )
      return parsed as Position;
  } catch {
    // Falls through to the refusal below.
  }
  throw new InvalidFollowUpCursorError();
};

export const followUpWorkList = (
  documents: readonly CustomerFollowUpsDocument[],
  query: FollowUpQuery,
  now: Date,
): { items: FollowUpItem[]; nextCursor: string | null } => {
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  const dueBefore = query.dueBefore === undefined ? null : Date.parse(query.dueBefore);
  const order = inListOrder(query.status);
  const items = documents
    .filter((document) => query.customerId === undefined || document.customerId === query.customerId)
    .flatMap((document) =>
      document.followUps
        .filter((entry) => entry.assigneeId === query.assigneeId)
        .map(
          (entry): FollowUpItem => ({
            followUpId: entry.followUpId,
            customerId: document.customerId,
            customerName: document.customerName,
            stage: document.stage,
            title: entry.title,
            dueAt: entry.dueAt,
            assigneeId: entry.assigneeId,
            status:
              entry.completedAt !== null
                ? "done"
                : Date.parse(entry.dueAt) < now.getTime()
                  ? "overdue"
                  : "open",
            completedAt: entry.completedAt,
          }),
        ),
    )
    .filter(
      (item) =>
        query.status === undefined ||
        item.status === query.status ||
        (query.status === "open" && item.status === "overdue"),
    )
    .filter((item) => dueBefore === null || Date.parse(item.dueAt) < dueBefore)
    .filter((item) => after === null || order(sortKey(item, query.status), after) > 0)
    .sort((a, b) => order(sortKey(a, query.status), sortKey(b, query.status)));
  const page = items.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page,
    nextCursor:
      items.length > query.limit && last
        ? Buffer.from(JSON.stringify(sortKey(last, query.status))).toString("base64url")
        : null,
  };
};
