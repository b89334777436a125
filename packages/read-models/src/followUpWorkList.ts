import type {
  DocumentCollection,
  DocumentFilter,
  DocumentQuery,
  FieldCondition,
  SortKey,
} from "@crm/read-store";
import type { CustomerFollowUpsDocument } from "./customerFollowUps.ts";
import type { FollowUpEntryDocument } from "./followUpEntries.ts";

// Contract 9.4, GET /follow-ups: one assignee's work list. `overdue` is open with dueAt before
// now; `open` includes the overdue ones (they are open too). Open and overdue come by dueAt
// ascending; done by completion, latest first; without a status, everything by dueAt. The cursor
// names the last item served, so paging neither repeats nor skips while the list changes.
// The store answers the page from the follow-up entries' indexes (a keyset after the cursor);
// the title and the customer's current name and stage come from the page's customers' documents.

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

const encodeCursor = (position: Position) => Buffer.from(JSON.stringify(position)).toString("base64url");

/** Where the work list reads: the entries (queried) and the customers' documents (by id). */
export type FollowUpCollections = {
  entries: DocumentCollection<FollowUpEntryDocument>;
  customers: DocumentCollection<CustomerFollowUpsDocument>;
};

/** The store query for one page (ties by followUpId, the entries' `_id`). */
export const followUpPageQuery = (query: FollowUpQuery, now: Date): DocumentQuery => {
  const done = query.status === "done";
  const dueBefore = query.dueBefore === undefined ? undefined : Date.parse(query.dueBefore);
  const overdueBefore = query.status === "overdue" ? now.getTime() : undefined;
  const dueLimits = [dueBefore, overdueBefore].filter((limit) => limit !== undefined);
  const due: FieldCondition | undefined = dueLimits.length > 0 ? { lt: Math.min(...dueLimits) } : undefined;
  const filter: DocumentFilter = {
    assigneeId: query.assigneeId,
    ...(query.customerId === undefined ? {} : { customerId: query.customerId }),
    ...(query.status === undefined ? {} : { done }),
    ...(due === undefined ? {} : { dueAtMs: due }),
  };
  const sort: SortKey[] = [done ? ["completedAtMs", "desc"] : ["dueAtMs", "asc"]];
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  return {
    filter,
    sort,
    ...(after ? { after: [Date.parse(after.at), after.followUpId] } : {}),
    // One more than the page says whether there is a next one.
    limit: query.limit + 1,
  };
};

export const followUpWorkList = async (
  { entries, customers }: FollowUpCollections,
  query: FollowUpQuery,
  now: Date,
): Promise<{ items: FollowUpItem[]; nextCursor: string | null }> => {
  const found = await entries.find(followUpPageQuery(query, now));
  const page = found.slice(0, query.limit);
  const documents = await customers.getMany([...new Set(page.map((entry) => entry.customerId))]);
  const items = page.flatMap((entry): FollowUpItem[] => {
    const document = documents.get(entry.customerId);
    const title = document?.followUps.find((scheduled) => scheduled.followUpId === entry.followUpId)?.title;
    // Both documents are written by one batch; a read between the two writes waits for the next.
    if (document === undefined || title === undefined) return [];
    return [
      {
        followUpId: entry.followUpId,
        customerId: entry.customerId,
        customerName: document.customerName,
        stage: document.stage,
        title,
        dueAt: entry.dueAt,
        assigneeId: entry.assigneeId,
        status: entry.done ? "done" : entry.dueAtMs < now.getTime() ? "overdue" : "open",
        completedAt: entry.completedAt,
      },
    ];
  });
  const last = page.at(-1);
  return {
    items,
    nextCursor:
      found.length > query.limit && last
        ? encodeCursor({
            at: query.status === "done" ? (last.completedAt ?? last.dueAt) : last.dueAt,
            followUpId: last.followUpId,
          })
        : null,
  };
};
