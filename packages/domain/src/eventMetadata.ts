import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

// Contract section 3: every event says who did it, when, within which request,
// and links to its predecessor by hash so that any later edit is detectable.

export type Actor = { id: string; role: string };

export type EventMetadata = {
  eventId: string;
  occurredAt: string;
  recordedAt: string;
  actor: Actor;
  correlationId: string;
  causationId: string;
  command: string;
  prevHash: string;
  hash: string;
  /** Fingerprint of the creating request, so a repeated create by id can be recognised. */
  requestHash?: string;
  /** On LeadCreated: the near matches the creating request was told about, so a repeat tells the same. */
  possibleDuplicates?: string[];
  /** W3C trace context of the request that decided the event (when traced), continued by the relay and projector. */
  traceparent?: string;
};

export const GENESIS_HASH = "0".repeat(64);

/** hash = SHA-256 hex over prevHash + canonical JSON (sorted keys) of {type, data, metadata without hash}. */
export const chainHash = (event: {
  type: string;
  data: unknown;
  metadata: Omit<EventMetadata, "hash"> & { hash?: string };
}): string => {
  const { hash: _ignored, ...metadata } = event.metadata;
  const canonical = canonicalize({ type: event.type, data: event.data, metadata });
  return createHash("sha256")
    .update(metadata.prevHash + canonical)
    .digest("hex");
};
