import type { KeyObject } from "node:crypto";
import { chainHash, customerIdOfStream, type EventMetadata, GENESIS_HASH } from "@crm/domain";
import type { RecordedEvent } from "@crm/event-store";
import { GLOBAL_GENESIS, nextGlobalHash, storedHashOf } from "./globalChain.ts";
import { hasValidSignature, type SignedCheckpoint } from "./signedCheckpoint.ts";

// Contract section 10.4, verify --all: every customer chain and the global chain recomputed
// from the events as stored, against the signed checkpoints, in one pass in store order.
// Of everything that does not hold, the break at the smallest position is reported.

export type BreakReason =
  /** An event's hash does not cover its content, or does not link to its predecessor. */
  | "event_altered"
  /** A revision is missing inside a stream (seen at the next event present). */
  | "event_missing"
  /** A stream lacks an event a checkpoint names as its newest: its last events were removed. */
  | "stream_tail_missing"
  /** The store ends before an event a checkpoint covers: the store's last events were removed. */
  | "store_tail_missing"
  /** The global hash at a checkpoint differs: events before it were removed, added or reordered. */
  | "global_chain_mismatch"
  /** A checkpoint whose signature is not the platform's. */
  | "checkpoint_forged";

export type HistoryBreak = {
  position: string;
  reason: BreakReason;
  customerId?: string;
  revision?: number;
};

export type HistoryVerdict = {
  valid: boolean;
  events: number;
  customers: number;
  checkpoints: number;
  /** The newest checkpoint: everything up to it is anchored; events after it only by their own chains. */
  latestCheckpoint: { position: string; at: string } | null;
  brokenAt?: HistoryBreak;
};

type StreamProgress = { hashes: string[]; broken: boolean };

const metadataOf = (event: RecordedEvent) => event.metadata as Partial<EventMetadata>;

/** Whether the event's hash covers its stored content and links to `previous`. */
const linksTo = (event: RecordedEvent, previous: string): boolean => {
  const metadata = metadataOf(event);
  return (
    metadata.prevHash === previous &&
    typeof metadata.hash === "string" &&
    metadata.hash === chainHash({ type: event.type, data: event.data, metadata: metadata as EventMetadata })
  );
};

export const verifyAnchoredHistory = async (
  events: AsyncIterable<RecordedEvent>,
  checkpoints: readonly SignedCheckpoint[],
  publicKey: KeyObject,
): Promise<HistoryVerdict> => {
  const breaks: HistoryBreak[] = [];
  const ordered = [...checkpoints].sort((a, b) => (BigInt(a.position) < BigInt(b.position) ? -1 : 1));
  for (const checkpoint of ordered)
    if (!hasValidSignature(checkpoint, publicKey))
      breaks.push({ position: checkpoint.position, reason: "checkpoint_forged" });
  // A forged checkpoint proves nothing, so the chain is held only to the genuine ones.
  const genuine = ordered.filter((checkpoint) => hasValidSignature(checkpoint, publicKey));

  const streams = new Map<string, StreamProgress>();
  let globalHash = GLOBAL_GENESIS;
  let count = 0;
  let next = 0;
  let lastPosition: bigint | undefined;
  const compareUpTo = (position: bigint | undefined) => {
    for (; next < genuine.length; next++) {
      const checkpoint = genuine[next] as SignedCheckpoint;
      if (position !== undefined && BigInt(checkpoint.position) >= position) return;
      if (checkpoint.globalHash === globalHash) continue;
      const beyondStore = lastPosition === undefined || BigInt(checkpoint.position) > lastPosition;
      breaks.push({
        position: checkpoint.position,
        reason: beyondStore ? "store_tail_missing" : "global_chain_mismatch",
      });
    }
  };

  for await (const event of events) {
    const customerId = customerIdOfStream(event.streamName);
    if (customerId === null) continue;
    compareUpTo(event.position);
    const hash = storedHashOf(event.metadata);
    globalHash = nextGlobalHash(globalHash, { streamName: event.streamName, revision: event.revision, hash });
    count += 1;
    lastPosition = event.position;

    let stream = streams.get(customerId);
    if (!stream) {
      stream = { hashes: [], broken: false };
      streams.set(customerId, stream);
    }
    const expected = stream.hashes.length;
    if (!stream.broken && event.revision !== expected) {
      stream.broken = true;
      breaks.push({
        position: event.position.toString(),
        reason: "event_missing",
        customerId,
        revision: expected,
      });
    } else if (!stream.broken && !linksTo(event, stream.hashes.at(-1) ?? GENESIS_HASH)) {
      stream.broken = true;
      breaks.push({
        position: event.position.toString(),
        reason: "event_altered",
        customerId,
        revision: expected,
      });
    }
    stream.hashes[event.revision] = hash;
  }
  compareUpTo(undefined);

  for (const checkpoint of genuine)
    for (const [customerId, head] of Object.entries(checkpoint.heads)) {
      const stored = streams.get(customerId)?.hashes[head.revision];
      if (stored === head.hash) continue;
      const beyondStore = lastPosition === undefined || BigInt(head.position) > lastPosition;
      breaks.push({
        position: head.position,
        reason:
          stored !== undefined ? "event_altered" : beyondStore ? "store_tail_missing" : "stream_tail_missing",
        customerId,
        revision: head.revision,
      });
    }

  const first = breaks.sort((a, b) => {
    const byPosition = BigInt(a.position) - BigInt(b.position);
    return byPosition < 0n ? -1 : byPosition > 0n ? 1 : 0;
  })[0];
  const latest = genuine.at(-1);
  return {
    valid: first === undefined,
    events: count,
    customers: streams.size,
    checkpoints: ordered.length,
    latestCheckpoint: latest ? { position: latest.position, at: latest.at } : null,
    ...(first ? { brokenAt: first } : {}),
  };
};
