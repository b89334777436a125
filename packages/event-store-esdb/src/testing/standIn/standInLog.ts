// The stand-in server's log: what an EventStoreDB node keeps, reduced to what the adapter relies
// on. One global log in commit order (sparse positions, as a real transaction file's byte offsets),
// streams with contiguous revisions, the server's optimistic check, de-duplication of a retried
// append by event id, soft deletes and tombstones.
import { randomUUID } from "node:crypto";

export type LoggedEvent = {
  stream: string;
  revision: number;
  position: bigint;
  id: string;
  type: string;
  /** Stored bytes, as the server stores them: it never parses them. */
  data: Uint8Array;
  metadata: Uint8Array;
  contentType: string;
};

export type ProposedEvent = Pick<LoggedEvent, "id" | "type" | "data" | "metadata" | "contentType">;

/** What an append expects of the stream, in the server's four forms. */
export type Expectation =
  | { kind: "any" }
  | { kind: "no_stream" }
  | { kind: "stream_exists" }
  | { kind: "revision"; revision: number };

export type AppendOutcome =
  | { kind: "written"; revision: number; position: bigint }
  | { kind: "wrong_expected_version"; current: number | undefined }
  | { kind: "stream_deleted" };

const POSITION_STRIDE = 137n;
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

export type StandInLog = ReturnType<typeof createStandInLog>;

export const createStandInLog = () => {
  const events: LoggedEvent[] = [];
  const streams = new Map<string, LoggedEvent[]>();
  const tombstoned = new Set<string>();
  // A soft delete hides revisions below this; a later append continues the numbering.
  const truncatedBefore = new Map<string, number>();
  const listeners = new Set<(event: LoggedEvent) => void>();

  const visible = (stream: string): LoggedEvent[] => {
    const all = streams.get(stream) ?? [];
    const from = truncatedBefore.get(stream) ?? 0;
    return all.filter((event) => event.revision >= from);
  };
  /** The last revision, or undefined when the stream does not exist (never written, or soft-deleted). */
  const currentRevision = (stream: string): number | undefined => {
    const shown = visible(stream);
    return shown.length === 0 ? undefined : (shown.at(-1)?.revision ?? undefined);
  };

  const write = (stream: string, proposed: ProposedEvent): LoggedEvent => {
    const existing = streams.get(stream) ?? [];
    const event: LoggedEvent = {
      ...proposed,
      stream,
      revision: existing.length === 0 ? 0 : (existing.at(-1)?.revision ?? -1) + 1,
      position: BigInt(events.length + 1) * POSITION_STRIDE,
    };
    events.push(event);
    streams.set(stream, [...existing, event]);
    for (const listener of listeners) listener(event);
    return event;
  };

  const satisfies = (expected: Expectation, current: number | undefined): boolean => {
    switch (expected.kind) {
      case "any":
        return true;
      case "no_stream":
        return current === undefined;
      case "stream_exists":
        return current !== undefined;
      case "revision":
        return current === expected.revision;
    }
  };

  /**
   * A retried append: the server answers it with the first write's result when the ids are the
   * ones it wrote in that order. (A real server does this exactly for an exact revision and for
   * no_stream, and best-effort, from a cache, for any / stream_exists.)
   */
  const earlierWrite = (stream: string, proposed: ProposedEvent[]): LoggedEvent[] | undefined => {
    const all = streams.get(stream) ?? [];
    const start = all.findIndex((event) => event.id === proposed[0]?.id);
    if (start < 0) return undefined;
    const written = all.slice(start, start + proposed.length);
    return written.length === proposed.length && written.every((event, i) => event.id === proposed[i]?.id)
      ? written
      : undefined;
  };

  return {
    events,
    currentRevision,
    isTombstoned: (stream: string) => tombstoned.has(stream),
    readStream: (stream: string) => visible(stream),
    onAppended(listener: (event: LoggedEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    append(stream: string, expected: Expectation, proposed: ProposedEvent[]): AppendOutcome {
      if (tombstoned.has(stream)) return { kind: "stream_deleted" };
      const again = earlierWrite(stream, proposed);
      const last = again?.at(-1);
      if (last) return { kind: "written", revision: last.revision, position: last.position };
      const current = currentRevision(stream);
      if (!satisfies(expected, current)) return { kind: "wrong_expected_version", current };
      let written: LoggedEvent | undefined;
      for (const event of proposed) written = write(stream, event);
      if (!written) return { kind: "wrong_expected_version", current };
      return { kind: "written", revision: written.revision, position: written.position };
    },
    /** A soft delete ($metadata with a truncate-before, as the server writes it). */
    softDelete(stream: string): bigint {
      const current = currentRevision(stream) ?? -1;
      truncatedBefore.set(stream, current + 1);
      return write(`$$${stream}`, {
        id: randomUUID(),
        type: "$metadata",
        data: json({ $tb: current + 1 }),
        metadata: new Uint8Array(),
        contentType: "application/json",
      }).position;
    },
    /** A hard delete: the tombstone event, and the stream can never be written again. */
    tombstone(stream: string): bigint {
      const position = write(stream, {
        id: randomUUID(),
        type: "$streamDeleted",
        data: new Uint8Array(),
        metadata: new Uint8Array(),
        contentType: "application/octet-stream",
      }).position;
      tombstoned.add(stream);
      return position;
    },
    /** Events the server writes for itself, as a real node's $all starts with its epoch records. */
    writeSystemEvent(stream: string, type: string): LoggedEvent {
      return write(stream, {
        id: randomUUID(),
        type,
        data: json({ system: true }),
        metadata: new Uint8Array(),
        contentType: "application/json",
      });
    },
  };
};
