import { type CustomerState, evolveCustomer, type RecordedCustomerEvent } from "@crm/domain";
import type { EventStore } from "@crm/event-store";
import { LRUCache } from "lru-cache";
import { type FoldedCustomer, loadCustomer, readCustomerEvents } from "./customerStreamReader.ts";

// Without it, every command read its customer's whole stream, decrypted and validated every event
// and folded them all, to append one more. Here the folded state of recently commanded customers is
// kept with the revision it was folded to; a command reads only the events after that revision (an
// indexed range read that is usually empty or holds the previous command's event) and folds those
// onto it. The store stays the judge: whatever any writer, in this process or another, appended
// since is read and folded, and the append still expects the revision read, so a stale state can
// only lose the race and be read again, never be decided on unnoticed.
//
// Folding the tail onto the state equals folding the whole stream only when the tail comes last in
// business-time order (foldCustomer sorts by occurredAt): a back-dated event, or an erasure (whose
// decrypted history reads differently from the state folded before it), makes it fold from scratch.

const DEFAULT_CAPACITY = 10_000;

type Folded = FoldedCustomer & { state: NonNullable<CustomerState> };

/** Folds `tail` onto `folded`, or null when the tail does not simply come after what was folded. */
const foldedOnto = (folded: Folded, tail: RecordedCustomerEvent[]): Folded | null => {
  let { state } = folded;
  for (const event of tail) {
    if (event.type === "PersonalDataErased") return null;
    if (Date.parse(event.occurredAt) < Date.parse(state.latestOccurredAt)) return null;
    const next = evolveCustomer(state, event);
    if (next === null) return null;
    state = next;
  }
  const last = tail.at(-1);
  return last ? { state, revision: last.revision, lastHash: last.metadata.hash } : folded;
};

export const foldedCustomers = (store: EventStore, capacity = DEFAULT_CAPACITY) => {
  const cache = new LRUCache<string, Folded>({ max: capacity });
  // Bumped by forget: a load that was reading while its customer was forgotten does not store what it read.
  let forgettings = 0;

  const fromScratch = async (customerId: string): Promise<FoldedCustomer> => {
    const { state, revision, lastHash } = await loadCustomer(store, customerId);
    return { state, revision, lastHash };
  };

  return {
    /** The customer folded up to its stream's current revision (state null: no such customer). */
    async load(customerId: string): Promise<FoldedCustomer> {
      const before = forgettings;
      const cached = cache.get(customerId);
      const folded = cached
        ? (foldedOnto(
            cached,
            await readCustomerEvents(store, customerId, { fromRevision: cached.revision + 1 }),
          ) ?? (await fromScratch(customerId)))
        : await fromScratch(customerId);
      if (folded.state !== null && forgettings === before) cache.set(customerId, folded as Folded);
      return folded;
    },
    /** Drops what is held of a customer: its personal data was just erased. */
    forget(customerId: string): void {
      forgettings += 1;
      cache.delete(customerId);
    },
  };
};

export type FoldedCustomers = ReturnType<typeof foldedCustomers>;
