import { type KeyObject, sign, verify } from "node:crypto";
import canonicalize from "canonicalize";

// A checkpoint of the anchored history: after the event at `position` (store order), the global
// hash was `globalHash`, over `events` customer events. `heads` names the last event each
// customer stream got since the previous checkpoint, so a stream whose newest events were cut
// off is found by name and revision, not only as a global hash that no longer matches.

export type StreamHead = { revision: number; hash: string; position: string };

export type Checkpoint = {
  /** Global position of the last event covered, a decimal string (positions outgrow JS numbers). */
  position: string;
  globalHash: string;
  at: string;
  events: number;
  /** customerId -> its newest event up to `position`, for streams that got events since the previous checkpoint. */
  heads: Record<string, StreamHead>;
};

export type SignedCheckpoint = Checkpoint & { signature: string };

const signedBytes = (checkpoint: Checkpoint): Buffer => {
  const { position, globalHash, at, events, heads } = checkpoint;
  return Buffer.from(canonicalize({ position, globalHash, at, events, heads }) ?? "", "utf8");
};

/** Ed25519 takes no separate digest: `null` is how node:crypto says so. */
export const signCheckpoint = (checkpoint: Checkpoint, privateKey: KeyObject): SignedCheckpoint => ({
  ...checkpoint,
  signature: sign(null, signedBytes(checkpoint), privateKey).toString("base64"),
});

export const hasValidSignature = (checkpoint: SignedCheckpoint, publicKey: KeyObject): boolean => {
  try {
    return verify(null, signedBytes(checkpoint), publicKey, Buffer.from(checkpoint.signature, "base64"));
  } catch {
    return false;
  }
};
