import { createHash, randomUUID } from "node:crypto";
import { DomainError } from "@crm/domain";
import { type EventStore, WrongExpectedRevisionError } from "@crm/event-store";
import type { Clock } from "./commandContext.ts";

// Idempotency-Key (contract section 2): a repeat within 24 h gets the first
// response and appends nothing. Records live in the event store itself, one
// stream per (actor, key), so they are as durable as the events they guard and
// a claim appended with an expected revision settles races between replicas.
//
// The claim, the command's events and the stored answer are three appends, and a
// process can die between any two. So the answer must also be recoverable from
// what the command appended: every claim names the customer the request targets
// and has an id, the command stamps that id on its events (metadata
// `idempotencyClaim`), and a retry that finds a claim abandoned without an
// answer first looks for the events that claim caused, on any event store,
// through the port. See docs/decisions.md, "Idempotency-Key".

export const IDEMPOTENCY_STREAM_PREFIX = "crm-idempotency-";
const RETENTION_MS = 24 * 3600_000;
/** A claim without a response older than this belonged to a request that died (CRM_IDEMPOTENCY_CLAIM_TIMEOUT_MS). */
export const DEFAULT_CLAIM_TIMEOUT_MS = 30_000;

export type StoredResponse = { status: number; body: unknown };

/** What a command stamps on the events it appends under a claim, so a retry can find them. */
export type IdempotencyMark = { idempotencyKey: string; idempotencyClaim: string };

type Claim = { id: string; fingerprint: string; at: number; target: string | undefined; released: boolean };

type Reading = {
  revision: number;
  /** Claims since the last stored response: attempts of the request now holding the key. */
  claims: Claim[];
  response?: StoredResponse & { fingerprint: string; at: number };
};

const keyIdOf = (actorId: string, key: string) =>
  createHash("sha256").update(`${actorId}\n${key}`).digest("hex").slice(0, 40);

const read = async (store: EventStore, stream: string): Promise<Reading> => {
  const events = await store.readStream(stream);
  const reading: Reading = { revision: events.at(-1)?.revision ?? -1, claims: [] };
  for (const event of events) {
    const data = event.data as {
      fingerprint: string;
      at: string;
      status: number;
      body: unknown;
      target?: string;
    };
    const at = Date.parse(data.at);
    if (event.type === "IdempotencyKeyClaimed") {
      reading.claims.push({
        id: event.eventId,
        fingerprint: data.fingerprint,
        at,
        target: data.target,
        released: false,
      });
      reading.response = undefined;
    } else if (event.type === "IdempotentResponseRecorded") {
      reading.response = { fingerprint: data.fingerprint, at, status: data.status, body: data.body };
      reading.claims = [];
    }
    // IdempotencyKeyReleased (a failure of ours or the store's) frees the key at once, but the
    // released attempt stays on the list: had it appended after all, its events are this request's.
    else if (event.type === "IdempotencyKeyReleased") {
      const latest = reading.claims.at(-1);
      if (latest) latest.released = true;
    }
  }
  return reading;
};

const record = (type: string, data: object) => ({ eventId: randomUUID(), type, data, metadata: {} });

const reused = () =>
  new DomainError("idempotency_key_reused", "this Idempotency-Key was used with a different request");

export type IdempotencyOutcome =
  | { kind: "replay"; response: StoredResponse }
  | {
      kind: "claimed";
      /** The customer this request acts on: the one an earlier attempt chose, else the one proposed. */
      target: string | undefined;
      /** Stamp on every event the command appends. */
      mark: IdempotencyMark;
      /** Earlier attempts of this same request that never stored an answer (a crash, a failure). */
      earlierAttempts: string[];
      complete: (response: StoredResponse) => Promise<void>;
      release: () => Promise<void>;
    };

export const idempotencyKeys = (deps: { eventStore: EventStore; clock: Clock; claimTimeoutMs?: number }) => {
  const { eventStore: store, clock } = deps;
  const claimTimeoutMs = deps.claimTimeoutMs ?? DEFAULT_CLAIM_TIMEOUT_MS;

  /**
   * Either the stored first response, or the right to run the request and record its response.
   * `target` proposes the customer the request acts on (a new lead's id); an earlier attempt's wins.
   */
  const claim = async (
    actorId: string,
    key: string,
    fingerprint: string,
    target?: string,
  ): Promise<IdempotencyOutcome> => {
    const keyId = keyIdOf(actorId, key);
    const stream = `${IDEMPOTENCY_STREAM_PREFIX}${keyId}`;
    for (let attempt = 1; ; attempt++) {
      const now = clock().getTime();
      const reading = await read(store, stream);
      const { response } = reading;
      if (response && now - response.at < RETENTION_MS) {
        if (response.fingerprint !== fingerprint) throw reused();
        return { kind: "replay", response: { status: response.status, body: response.body } };
      }
      // Claims older than the retention are forgotten like answers are: the key is free again.
      const earlier = reading.claims.filter((previous) => now - previous.at < RETENTION_MS);
      if (earlier.some((previous) => previous.fingerprint !== fingerprint)) throw reused();
      const latest = earlier.at(-1);
      if (latest && !latest.released && now - latest.at < claimTimeoutMs)
        throw new DomainError(
          "conflict",
          "a request with this Idempotency-Key is still in progress; retry shortly",
        );
      const chosenTarget = earlier.find((previous) => previous.target !== undefined)?.target ?? target;
      try {
        const claimed = record("IdempotencyKeyClaimed", {
          fingerprint,
          at: new Date(now).toISOString(),
          ...(chosenTarget === undefined ? {} : { target: chosenTarget }),
        });
        const result = await store.append(stream, [claimed], {
          expectedRevision: reading.revision === -1 ? "no_stream" : reading.revision,
        });
        let revision = result.nextExpectedRevision;
        const append = async (type: string, data: object) => {
          const appended = await store.append(stream, [record(type, data)], { expectedRevision: revision });
          revision = appended.nextExpectedRevision;
        };
        return {
          kind: "claimed",
          target: chosenTarget,
          mark: { idempotencyKey: keyId, idempotencyClaim: claimed.eventId },
          earlierAttempts: earlier.map((previous) => previous.id),
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
