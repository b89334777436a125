import type { RecordedCustomerEvent } from "@crm/domain";
import type { EventStore } from "@crm/event-store";
import { eventsWithin, type TimeCut } from "./customerReads.ts";
import { type TimelineLocale, timelineText } from "./timelineText.ts";

// Contract 9.5: the customer's story for the people who work it, newest occurredAt first (then
// newest revision). `department` is the interaction's, else the actor's role. The cursor names
// the last item served.

export type TimelineQuery = TimeCut & { department?: string; limit: number; cursor?: string };

export type TimelineItem = {
  revision: number;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: { id: string; role: string };
  department: string;
  text: string;
};

export class InvalidTimelineCursorError extends Error {
  constructor() {
    super("the cursor is not one this API gave out");
    this.name = "InvalidTimelineCursorError";
  }
}

type Position = { occurredAt: string; revision: number };

const newestFirst = (a: Position, b: Position) =>
  Date.parse(b.occurredAt) - Date.parse(a.occurredAt) || b.revision - a.revision;

const decodeCursor = (cursor: string): Position => {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Partial<Position>;
    if (
      typeof parsed.occurredAt === "string" &&
      !Number.isNaN(Date.parse(parsed.occurredAt)) &&
      Number.isInteger(parsed.revision)
    )
      return parsed as Position;
  } catch {
    // Falls through to the refusal below.
  }
  throw new InvalidTimelineCursorError();
};

const departmentOf = (event: RecordedCustomerEvent): string =>
  event.type === "InteractionLogged" ? event.data.department : event.metadata.actor.role;

export const readCustomerTimeline = async (
  store: EventStore,
  customerId: string,
  query: TimelineQuery,
  locale: TimelineLocale,
): Promise<{ items: TimelineItem[]; nextCursor: string | null }> => {
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  const events = await eventsWithin(store, customerId, query);
  const followUpTitles = new Map(
    events.flatMap((event) =>
      event.type === "FollowUpScheduled" ? [[event.data.followUpId, event.data.title] as const] : [],
    ),
  );
  const selected = events
    .filter((event) => query.department === undefined || departmentOf(event) === query.department)
    .filter((event) => after === null || newestFirst(event, after) > 0)
    .sort(newestFirst);
  const page = selected.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((event) => ({
      revision: event.revision,
      type: event.type,
      occurredAt: event.occurredAt,
      recordedAt: event.recordedAt,
      actor: event.metadata.actor,
      department: departmentOf(event),
      text: timelineText(event, locale, { followUpTitles }),
    })),
    nextCursor:
      selected.length > query.limit && last
        ? Buffer.from(JSON.stringify({ occurredAt: last.occurredAt, revision: last.revision })).toString(
            "base64url",
          )
        : null,
  };
};
