import { foldBatchInto } from "../foldBatchInto.ts";
import type { DocumentCollection } from "../readStore.ts";
import { type CustomerCard, customerCard } from "./contractFixtures.ts";

// A projection in miniature, for the documents contract's batches: each customer's card with the stages it
// reached in order, made by the customer's first event (revision 0).

type StageReached = { customerId: string; revision: number; stage: string };

export const reached = (customerId: string, revision: number, stage: string): StageReached => ({
  customerId,
  revision,
  stage,
});

/** A projection in miniature: each customer's stages in order, events seen before ignored. */
export const foldStagesInto = (
  collection: DocumentCollection<CustomerCard>,
  events: readonly StageReached[],
) =>
  foldBatchInto(collection, {
    ids: [...new Set(events.map(({ customerId }) => customerId))],
    // A customer's first event (revision 0) makes the customer's card.
    madeFromNothing: () =>
      new Set(events.filter(({ revision }) => revision === 0).map(({ customerId }) => customerId)),
    immutable: false,
    fold: (documents, only) => {
      const changed = new Map<string, CustomerCard>();
      for (const { customerId, revision, stage } of events) {
        if (only && !only.has(customerId)) continue;
        const before = documents.get(customerId);
        if (before && before.revision >= revision) continue;
        const after = customerCard(customerId, { revision, stage, tags: [...(before?.tags ?? []), stage] });
        documents.set(customerId, after);
        changed.set(customerId, after);
      }
      return changed;
    },
  });

/** The card of a customer that reached these stages, in order. */
export const cardWith = (id: string, stages: string[]) =>
  customerCard(id, { revision: stages.length - 1, stage: stages.at(-1) as string, tags: stages });
