import type { ReadAllOptions, RecordedEvent } from "@crm/event-store";
import type { AllStreamResolvedEvent } from "@eventstore/db-client";
import { toEventStoreError } from "./esdbErrors.ts";
import type { FilteredReadAll } from "./filteredReadAll.ts";
import { fromResolvedEvent, isSystemEvent } from "./recordedEvent.ts";

export const PAGE_SIZE = 1000;

export type ReadAllPage = (read: FilteredReadAll) => Promise<AllStreamResolvedEvent[]>;

/**
 * readAll: $all forwards after `after`, one page of PAGE_SIZE events in memory at a time. The
 * server reads a page from a position inclusively, so what is at or before the cursor is skipped.
 */
export const readAllEventsWith = (readPage: ReadAllPage) =>
  async function* readAll({ after, streamPrefix }: ReadAllOptions = {}): AsyncGenerator<RecordedEvent> {
    let cursor = after;
    for (;;) {
      let page: AllStreamResolvedEvent[];
      try {
        page = await readPage({ from: cursor, streamPrefix, maxCount: PAGE_SIZE });
      } catch (error) {
        throw toEventStoreError(error, "reading all events");
      }
      for (const resolved of page) {
        const event = fromResolvedEvent(resolved);
        if (cursor !== undefined && event.position <= cursor) continue;
        cursor = event.position;
        // The server filters on stream names only; `$` event types in ordinary streams
        // (a deletion's tombstone, links) are dropped here.
        if (!isSystemEvent(event)) yield event;
      }
      if (page.length < PAGE_SIZE) return;
    }
  };
