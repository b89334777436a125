import { randomUUID } from "node:crypto";
import type { ReadModelDocument, ReadStore } from "@crm/read-store";

// Contract section 10.3: who looked at personal data. Every export, history read and timeline
// read leaves an access record. Recording must never slow or fail the read it records, so a
// record goes into a buffer in memory and the buffer is written in batches: every second, when
// it is full, and at close. A write that fails is tried again with the next batch.

export const ACCESS_RECORDS_COLLECTION = "access_records";
const FLUSH_EVERY_MS = 1_000;
const FLUSH_AT = 500;
/** While the store is down, at most this many records wait; the oldest are dropped past it (and said so). */
const MOST_WAITING = 100_000;

export type AccessKind = "export" | "history" | "timeline";

export type AccessRecord = {
  actor: { id: string; role: string };
  at: string;
  what: AccessKind;
  customerId?: string;
  /** The query the reader gave (filters, cuts), as given. */
  filters?: Record<string, unknown>;
  /** How many rows (customers, events) the answer held. */
  rows?: number;
};

export type AccessRecordDocument = ReadModelDocument & AccessRecord;

export type AccessLog = {
  /** Takes the record and returns at once; it is written with the next batch. */
  record(entry: Omit<AccessRecord, "at">): void;
  /** Writes what is waiting (an auditor's read calls this first, so it sees the latest reads). */
  flush(): Promise<void>;
  stop(): Promise<void>;
};

export const startAccessLog = (deps: {
  readStore: ReadStore;
  clock?: () => Date;
  flushEveryMs?: number;
  onError?: (error: unknown) => void;
}): AccessLog => {
  const clock = deps.clock ?? (() => new Date());
  const collection = deps.readStore.collection<AccessRecordDocument>(ACCESS_RECORDS_COLLECTION);
  let waiting: AccessRecordDocument[] = [];
  let writing: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    writing = writing.then(async () => {
      if (waiting.length === 0) return;
      const batch = waiting;
      waiting = [];
      try {
        await collection.putMany(batch);
      } catch (error) {
        waiting = [...batch, ...waiting].slice(-MOST_WAITING);
        throw error;
      }
    });
    const done = writing;
    writing = writing.catch(() => undefined);
    return done;
  };
  const flushQuietly = () => void flush().catch((error: unknown) => deps.onError?.(error));
  const timer = setInterval(flushQuietly, deps.flushEveryMs ?? FLUSH_EVERY_MS);
  timer.unref();

  return {
    record: (entry) => {
      const at = clock().toISOString();
      // The id sorts as the time does (ISO instants of one width), then by a random tie-break.
      waiting.push({ _id: `${at}/${randomUUID()}`, at, ...entry });
      if (waiting.length >= FLUSH_AT) flushQuietly();
    },
    flush,
    stop: async () => {
      clearInterval(timer);
      await flush().catch((error: unknown) => deps.onError?.(error));
    },
  };
};
