import type { RecordedCustomerEvent } from "@crm/domain";
import { applyToFacts } from "./applyToFacts.ts";
import { instant } from "./businessTime.ts";
import type { CustomerFacts } from "./customerFacts.ts";
import { compareText } from "./textOrder.ts";

export type ReplayCut = {
  /**
   * Accepted for symmetry with the reads, but deliberately not cut here: the views cut
   * business time themselves, and their ownerId/source/region filters match the customer's
   * current value, which an asOf cut here would turn into the value as of asOf.
   */
  asOf?: string;
  /** System time: only events recorded by then count ("what did we know then"). */
  knownAt?: string;
};

/**
 * The facts documents rebuilt from raw history, through the very function the read model
 * applies, so a replayed view and a maintained one cannot disagree.
 */
export const replayFacts = (
  events: readonly RecordedCustomerEvent[],
  cut: ReplayCut = {},
): CustomerFacts[] => {
  const knownAt = cut.knownAt === undefined ? null : instant(cut.knownAt);
  const known = events
    .filter((event) => knownAt === null || instant(event.recordedAt) <= knownAt)
    .sort((a, b) => compareText(a.customerId, b.customerId) || a.revision - b.revision);
  const factsByCustomer = new Map<string, CustomerFacts>();
  for (const event of known)
    factsByCustomer.set(event.customerId, applyToFacts(factsByCustomer.get(event.customerId) ?? null, event));
  return [...factsByCustomer.values()];
};
