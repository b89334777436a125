import { frozenForReaders, type RecordedEvent } from "@crm/event-store";
import { LRUCache } from "lru-cache";
import { type EventRowValues, toRecordedEvent } from "./recordedEventRow.ts";

// Every in-process subscriber (projector, history anchor, referral reactor, webhooks, the
// directories) reads each new event from the rows soon after its commit, and each parsed the
// same row's JSON again: in the command bench the row decoding was ~2% of the server's samples,
// most of it repeats. The events decoded last are kept by position and handed to the next reader
// of the same row. A row is taken for the one decoded only when its stored text is the very same
// (a file rewritten in place by a migration decodes afresh), and a kept event is frozen, so no
// reader can change what the others read.

/** About the events the subscribers of one process are apart at most under load. */
export const EVENTS_KEPT = 4_096;

type Kept = { data: string; metadata: string; event: RecordedEvent };

/** Decodes rows as toRecordedEvent does, a row read again answered with the event decoded before. */
export const recentlyDecoded = (kept = EVENTS_KEPT): ((row: EventRowValues) => RecordedEvent) => {
  const recent = new LRUCache<number, Kept>({ max: kept });
  return (row) => {
    const [position, , , , , data, metadata] = row;
    const found = recent.get(position);
    if (found && found.data === data && found.metadata === metadata) return found.event;
    const event = frozenForReaders(toRecordedEvent(row));
    recent.set(position, { data, metadata, event });
    return event;
  };
};
