import fc from "fast-check";
import { expect, it } from "vitest";
import type { ComplaintEntry, CustomerFacts } from "./customerFacts.ts";
import { factsAsOf } from "./factsAsOf.ts";
import { replayFacts } from "./replayFacts.ts";
import { HISTORY_START, randomHistory } from "./testing/randomHistories.ts";

// factsAsOf hands back the document itself when the cut is after everything in it. This holds
// it to the cut written the long way (every list filtered, every complaint cut), at every cut:
// before, inside and after each customer's history.

const at = (iso: string | null, cut: number) => iso !== null && Date.parse(iso) <= cut;

const cutTheLongWay = (facts: CustomerFacts, cut: number): CustomerFacts | null => {
  if (!at(facts.createdAt, cut)) return null;
  const happened = <T extends { occurredAt: string }>(entries: readonly T[]) =>
    entries.filter((entry) => at(entry.occurredAt, cut));
  const owners = happened(facts.owners);
  const regions = facts.regions === undefined ? undefined : happened(facts.regions);
  const complaint = (entry: ComplaintEntry): ComplaintEntry => ({
    ...entry,
    acknowledgedAt: at(entry.acknowledgedAt, cut) ? entry.acknowledgedAt : null,
    resolvedAt: at(entry.resolvedAt, cut) ? entry.resolvedAt : null,
    compensation: at(entry.resolvedAt, cut) ? entry.compensation : null,
  });
  return {
    ...facts,
    ownerId: owners.at(-1)?.ownerId ?? null,
    ...(regions === undefined ? {} : { regions, region: regions.at(-1)?.region ?? null }),
    owners,
    expectedValues: happened(facts.expectedValues),
    stageMoves: happened(facts.stageMoves),
    interactions: happened(facts.interactions),
    orders: happened(facts.orders),
    referralCredits: happened(facts.referralCredits),
    complaints: facts.complaints.filter((entry) => at(entry.filedAt, cut)).map(complaint),
  };
};

it("given any history, then the facts at any cut are the long way's, twice in a row", () => {
  const cut = fc.integer({ min: -2, max: 2_000 }).map((hours) => HISTORY_START + hours * 3_600_000);
  fc.assert(
    fc.property(randomHistory, fc.array(cut, { minLength: 1, maxLength: 6 }), (events, cuts) => {
      const documents = replayFacts(events);
      for (const moment of [...cuts, Number.MAX_SAFE_INTEGER])
        for (const facts of documents) {
          const expected = cutTheLongWay(facts, moment);
          expect(factsAsOf(facts, moment)).toEqual(expected);
          expect(factsAsOf(facts, moment)).toEqual(expected);
        }
    }),
    { numRuns: 200 },
  );
});
