import type { AppendResult, ExpectedRevision, NewEvent, RecordedEvent } from "@crm/event-store";
import { WrongExpectedRevisionError } from "@crm/event-store";
import {
  BACKWARDS,
  END,
  type EventStoreDBClient,
  type ResolvedEvent,
  StreamNotFoundError,
} from "@eventstore/db-client";
import { isOutcomeUnknown, toAppendError } from "./esdbErrors.ts";
import { toEsdbExpectedRevision } from "./expectedRevision.ts";
import { fromResolvedEvent, toEventData } from "./recordedEvent.ts";

/** The last event of a stream, or the one at `revision`; undefined when the stream does not exist. */
const eventAt = async (
  client: EventStoreDBClient,
  stream: string,
  revision: bigint | typeof END,
): Promise<RecordedEvent | undefined> => {
  let found: ResolvedEvent | undefined;
  try {
    // Read to the end of the call, never left early: a call left half-read is never finished, and
    // the client's dispose() waits for every call it started to finish.
    for await (const resolved of client.readStream(stream, {
      fromRevision: revision,
      direction: BACKWARDS,
      maxCount: 1,
    })) {
      found = resolved;
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return found && fromResolvedEvent(found);
};

/** How far back from a stream's end to look for an append whose outcome was unknown. */
const LOOK_BACK = 100;

/**
 * Our batch, if the stream holds it: found by its first event's id near the stream's end (a
 * timed-out append is recent), reported as the append would have been.
 */
const storedBatch = async (
  client: EventStoreDBClient,
  stream: string,
  events: NewEvent[],
): Promise<AppendResult | undefined> => {
  const recent: RecordedEvent[] = [];
  try {
    for await (const resolved of client.readStream(stream, {
      fromRevision: END,
      direction: BACKWARDS,
      maxCount: LOOK_BACK + events.length,
    })) {
      recent.push(fromResolvedEvent(resolved));
    }
  } catch (error) {
    if (error instanceof StreamNotFoundError) return undefined;
    throw error;
  }
  const first = recent.find((event) => event.eventId === events[0]?.eventId);
  if (!first) return undefined;
  const last = recent.find((event) => event.revision === first.revision + events.length - 1);
  return last && { nextExpectedRevision: last.revision, position: last.position };
};

/**
 * Appends through the server's own optimistic check. Our eventIds are the server's event ids, so
 * a retried append (same ids, same expectation) is recognised there and answered with the first result.
 */
export const appendEventsWith = (client: EventStoreDBClient) => {
  const appendOnce = async (
    stream: string,
    events: NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> => {
    const expectedRevision = toEsdbExpectedRevision(expected);
    const result = await client.appendToStream(stream, events.map(toEventData), { expectedRevision });
    // Only a connection string with throwOnAppendFailure=false gets here; its reported revision
    // is unreliable in this client version, so the stream is asked.
    if (!result.success) {
      const last = await eventAt(client, stream, END);
      throw new WrongExpectedRevisionError(stream, expected, last?.revision ?? -1);
    }
    const nextExpectedRevision = Number(result.nextExpectedRevision);
    // Servers answer a de-duplicated retry with the first write's position; should one not,
    // the position of the batch's last event is read back.
    const position =
      result.position?.commit ?? (await eventAt(client, stream, result.nextExpectedRevision))?.position;
    if (position === undefined)
      throw new Error(`EventStoreDB reported no position for the append to ${stream}`);
    return { nextExpectedRevision, position };
  };

  return async (stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> => {
    if (events.length === 0) throw new RangeError(`append to ${stream} needs at least one event`);
    try {
      return await appendOnce(stream, events, expected);
    } catch (error) {
      if (!isOutcomeUnknown(error)) throw toAppendError(error, stream, expected);
      // A deadline does not undo a write: the events may be stored. The stream says whether they
      // are; if not, the same append is sent again with the same ids, which the server
      // de-duplicates should the first one still land (exactly for a revision or no_stream, from a
      // cache for any / stream_exists: docs/eventstoredb-adapter.md).
      try {
        return (await storedBatch(client, stream, events)) ?? (await appendOnce(stream, events, expected));
      } catch (again) {
        throw toAppendError(again, stream, expected);
      }
    }
  };
};
