import { createHash } from "node:crypto";

// Contract section 10.4: one chain over every customer event in store order. Each link
// covers the event's stream, revision and stored hash (which covers its type, data and
// metadata through the customer's own chain), so removing or reordering any event, or
// rewriting one together with its hash, changes every global hash after it. The stored
// (encrypted) form is what is linked, so erasing a customer changes nothing here.

export const GLOBAL_GENESIS = "0".repeat(64);

export type ChainLink = { streamName: string; revision: number; hash: string };

/** The global hash after `event`, given the global hash before it. */
export const nextGlobalHash = (previous: string, event: ChainLink): string =>
  createHash("sha256")
    .update(`${previous}\n${event.streamName}\n${event.revision}\n${event.hash}`)
    .digest("hex");

/** The stored hash of an event, or "" when its metadata has none (the customer chain reports that). */
export const storedHashOf = (metadata: Record<string, unknown>): string =>
  typeof metadata.hash === "string" ? metadata.hash : "";
