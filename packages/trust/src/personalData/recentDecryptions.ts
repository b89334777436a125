import type { KeyObject } from "node:crypto";
import { frozenForReaders } from "@crm/event-store";
import { LRUCache } from "lru-cache";

// Every in-process reader of the events decrypted each one again: the command's own read of its
// customer's newest events, the projector, the organisation directory, the duplicate review queue,
// the referral reactor, webhooks and event-stream readers, each through its own subscription. The
// fields of a recent event are decrypted once and handed to the others, who read them shortly after.
//
// An answer is reused only for the same stored event (its position and id) read under the same key
// object the decryption used: a key this process destroyed (forget) or a key cache entry renewed
// means a new object, so such a read decrypts again, exactly as before. Readers share the data, so
// it is frozen: a reader that changed an event it was given would otherwise change it for the rest.

/** About the events a few seconds of load bring; the readers are near the head of the log. */
const KEPT = 4_096;

type Key = KeyObject | "destroyed" | undefined;
type Decryption = { eventId: string; key: Key; data: unknown };

export const recentDecryptions = () => {
  const kept = new LRUCache<bigint, Decryption>({ max: KEPT });
  return {
    /** The data decrypted before for this event under this key, if still kept. */
    find(position: bigint, eventId: string, key: Key): unknown {
      const found = kept.peek(position);
      return found !== undefined && found.eventId === eventId && found.key === key ? found.data : undefined;
    },
    /** Keeps (frozen) and returns the data decrypted for this event under this key. */
    keep(position: bigint, eventId: string, key: Key, data: unknown): unknown {
      kept.set(position, { eventId, key, data: frozenForReaders(data) });
      return data;
    },
  };
};
