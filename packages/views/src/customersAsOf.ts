import type { CustomerFacts } from "./customerFacts.ts";
import { type CustomerSnapshot, customerSnapshot } from "./customerSnapshot.ts";
import { factsAsOf } from "./factsAsOf.ts";
import { type CustomerFilter, matchesFilter } from "./viewParams.ts";

/** One customer as a view sees it: its facts cut at asOf, and where it stood then. */
export type CustomerAsOf = { facts: CustomerFacts; snapshot: CustomerSnapshot };

/** The filtered customers whose lead existed at asOf; later leads are not known yet. */
export const customersAsOf = (
  documents: readonly CustomerFacts[],
  asOf: number,
  filter: CustomerFilter,
): CustomerAsOf[] =>
  documents.flatMap((document) => {
    if (!matchesFilter(document, filter)) return [];
    const facts = factsAsOf(document, asOf);
    return facts === null ? [] : [{ facts, snapshot: customerSnapshot(facts) }];
  });
