import type { RecordedEvent } from "@crm/event-store";

/** The columns every read selects, in the shape node:sqlite returns them. */
export const EVENT_COLUMNS = "position, stream_name, revision, event_id, type, data, metadata";

export type EventRow = {
  position: number;
  stream_name: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
};

export const toRecordedEvent = (row: EventRow): RecordedEvent => ({
  streamName: row.stream_name,
  revision: row.revision,
  // Positions stay below 2^53 in any file SQLite can hold, so the number read is exact.
  position: BigInt(row.position),
  eventId: row.event_id,
  type: row.type,
  data: JSON.parse(row.data),
  metadata: JSON.parse(row.metadata),
});
