import { createHash, randomUUID } from "node:crypto";
import { DomainError } from "@crm/domain";
import { type EventStore, WrongExpectedRevisionError } from "@crm/event-store";
import type { Clock } from "./commandContext.ts";

// Idempotency-Key (contract section 2): a repeat within 24 h gets the first
// response and appends nothing. Records live in the event store itself, one
// stream per (actor, key), so they are as durable as the events they guard and
// a claim appended with an expected revision settles races between replicas.

export const IDEMPOTENCY_STREAM_PREFIX = "crm-idempotency-";
const RETENTION_MS = 24 * 3600_000;
/** A claim without a response older than this belonged to a request that died. */
const ABANDONED_MS = 30_000;

export type StoredResponse = { status: number; body: unknown };

type Reading = {
  revision: number;
  claim?: { fingerprint: string; at: number };
  response?: StoredResponse & { fingerprint: string; at: number };
};

const streamOf = (actorId: string, key: string) =>
  `${IDEMPOTENCY_STREAM_PREFIX}${createHash("sha256").update(`${actorId}\n${key}`).digest("hex").slice(0, 40)}`;

const read = async (store: EventStore, stream: string): Promise<Reading> => {
  const events = await store.readStream(stream);
  const reading: Reading = { revision: events.at(-1)?.revision ?? -1 };
  for (const event of events) {
    const data = event.data as { fingerprint: string; at: string; status: number; body: unknown };
    const at = Date.parse(data.at);
    if (event.type === "IdempotencyKeyClaimed") {
      reading.claim = { fingerprint: data.fingerprint, at };
      reading.response = undefined;
    } else if (event.type === "IdempotentResponseRecorded")
      reading.response = { fingerprint: data.fingerprint, at, status: data.status, body: data.body };
    else if (event.type === "IdempotencyKeyReleased") reading.claim = undefined;
  }
  return reading;
};

const record = (type: string, data: object) => ({ eventId: randomUUID(), type, data, metadata: {} });

export type IdempotencyOutcome =
  | { kind: "replay"; response: StoredResponse }
  | {
      kind: "claimed";
      complete: (response: StoredResponse) => Promise<void>;
      release: () => Promise<void>;
    };

export const idempotencyKeys = (deps: { eventStore: EventStore; clock: Clock }) => {
  const { eventStore: store, clock } = deps;

  /** Either the stored first response, or the right to run the request and record its response. */
  const claim = async (actorId: string, key: string, fingerprint: string): Promise<IdempotencyOutcome> => {
    const stream = streamOf(actorId, key);
    for (let attempt = 1; ; attempt++) {
      const now = clock().getTime();
      const reading = await read(store, stream);
      const { response, claim: previous } = reading;
      if (response && now - response.at < RETENTION_MS) {
        if (response.fingerprint !== fingerprint)
          throw new DomainError(
            "idempotency_key_reused",
            "this Idempotency-Key was used with a different request",
          );
        return { kind: "replay", response: { status: response.status, body: response.body } };
      }
      if (previous && !response && now - previous.at < ABANDONED_MS) {
        if (previous.fingerprint !== fingerprint)
          throw new DomainError(
            "idempotency_key_reused",
            "this Idempotency-Key was used with a different request",
          );
        throw new DomainError(
          "conflict",
          "a request with this Idempotency-Key is still in progress; retry shortly",
        );
      }
      try {
        const at = new Date(now).toISOString();
        const result = await store.append(stream, [record("IdempotencyKeyClaimed", { fingerprint, at })], {
          expectedRevision: reading.revision === -1 ? "no_stream" : reading.revision,
        });
        let revision = result.nextExpectedRevision;
        const append = async (type: string, data: object) => {
          const appended = await store.append(stream, [record(type, data)], { expectedRevision: revision });
          revision = appended.nextExpectedRevision;
        };
        return {
          kind: "claimed",
          complete: (stored) =>
            append("IdempotentResponseRecorded", { fingerprint, at: clock().toISOString(), ...stored }),
          release: () => append("IdempotencyKeyReleased", { fingerprint, at: clock().toISOString() }),
        };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= 5) throw error;
      }
    }
  };

  return { claim };
};

export type IdempotencyKeys = ReturnType<typeof idempotencyKeys>;
