import type { AppendResult, ExpectedRevision, NewEvent, RecordedEvent } from "@crm/event-store";
import { WrongExpectedRevisionError } from "@crm/event-store";
import {
  BACKWARDS,
  END,
  type EventStoreDBClient,
  type ResolvedEvent,
  StreamNotFoundError,
} from "@eventstore/db-client";
import { toAppendError } from "./esdbErrors.ts";
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

/**
 * Appends through the server's own optimistic check. Our eventIds are the server's event ids, so
 * a retried append (same ids, same expectation) is recognised there and answered with the first result.
 */
export const appendEventsWith =
  (client: EventStoreDBClient) =>
  async (stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> => {
    if (events.length === 0) throw new RangeError(`append to ${stream} needs at least one event`);
    const expectedRevision = toEsdbExpectedRevision(expected);
    try {
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
    } catch (error) {
      throw toAppendError(error, stream, expected);
    }
  };
