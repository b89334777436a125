import { chainHash, type EventMetadata, GENESIS_HASH } from "./eventMetadata.ts";

// Contract sections 3 and 4 (verify): each event's hash covers its type, data and
// metadata and the hash before it, so editing, reordering or removing a stored
// event breaks the chain at that revision. Checked on events as stored, never
// upcast: the hash was taken over the stored form.

export type ChainedEvent = { revision: number; type: string; data: unknown; metadata: unknown };

export type ChainVerdict =
  | { valid: true; events: number }
  | { valid: false; events: number; brokenAt: number };

const isIntact = (event: ChainedEvent, expectedRevision: number, previousHash: string): boolean => {
  const metadata = event.metadata as Partial<EventMetadata> | null;
  if (typeof metadata !== "object" || metadata === null) return false;
  return (
    // A gap in revisions is a removed event: the first missing revision is where it broke.
    event.revision === expectedRevision &&
    metadata.prevHash === previousHash &&
    typeof metadata.hash === "string" &&
    metadata.hash === chainHash({ type: event.type, data: event.data, metadata: metadata as EventMetadata })
  );
};

/** Recomputes a stream's chain from genesis; brokenAt is the first revision that does not hold. */
export const verifyHashChain = (events: readonly ChainedEvent[]): ChainVerdict => {
  let previousHash = GENESIS_HASH;
  for (const [revision, event] of events.entries()) {
    if (!isIntact(event, revision, previousHash))
      return { valid: false, events: events.length, brokenAt: revision };
    previousHash = (event.metadata as EventMetadata).hash;
  }
  return { valid: true, events: events.length };
};
