import type { RecordedCustomerEvent } from "@crm/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { activityView } from "./activityView.ts";
import { applyToFacts } from "./applyToFacts.ts";
import { churnView } from "./churnView.ts";
import { applyToActivity, type CustomerActivity } from "./customerActivity.ts";
import type { CustomerFacts } from "./customerFacts.ts";
import { customerValueView } from "./customerValueView.ts";
import { funnelView } from "./funnelView.ts";
import { lifecycleView } from "./lifecycleView.ts";
import { patchedDocuments } from "./listChanges.ts";
import { stageVelocityView } from "./stageVelocityView.ts";
import { historyDay, randomHistory, windowAndFilters } from "./testing/randomHistories.ts";
import { deliver, deliveryChoices } from "./testing/readModelDelivery.ts";

// The read model's documents, patched after each write with the documents it changed (as the
// API's reader does), carry what the views derived from them before: the cut customer lists and
// the sums over them follow each change instead of being derived again. Whatever the writes and
// whichever views, windows and filters were asked in between, every answer must be the one the
// same documents give when nothing was kept (a new array, never seen).

const viewParams = windowAndFilters;
// A dashboard's few requests, asked again after writes: some of the views, with one of a few
// windows and filters each time (a view not asked leaves what it kept one change behind, which
// the next answer must still get right).
const paramSets = fc.array(viewParams, { minLength: 1, maxLength: 3 });
const requests = fc.array(fc.record({ pick: fc.nat(), views: fc.subarray([0, 1, 2, 3, 4, 5]) }), {
  minLength: 1,
  maxLength: 4,
});
const writes = fc.array(fc.record({ size: fc.integer({ min: 1, max: 10 }), requests }), {
  minLength: 1,
  maxLength: 25,
});
// After everything the history holds: the cut of a view without asOf.
const now = historyDay(401);

const VIEWS = [funnelView, lifecycleView, churnView, customerValueView, stageVelocityView] as const;
type Documents = { facts: readonly CustomerFacts[]; activity: readonly CustomerActivity[] };
const answers = (documents: Documents, params: object, asked: readonly number[]) =>
  asked.map((view) =>
    view === VIEWS.length
      ? activityView(documents.activity, { ...params, now })
      : VIEWS[view]!(documents.facts, { ...params, now }),
  );
/** Each changed document put in place of its old version, as the API's reader does after a write. */
const patched = <T extends { customerId: string }>(documents: readonly T[], changed: Map<string, T>) =>
  patchedDocuments(documents, [...changed.values()], (document) => document.customerId);

describe("views over documents patched after each write", () => {
  it("answer as the same documents do when nothing was kept, whatever was written and asked in between", () => {
    fc.assert(
      fc.property(randomHistory, deliveryChoices, paramSets, writes, (events, choices, asked, steps) => {
        const sequence = deliver(events, choices);
        const stored = new Map<string, CustomerFacts>();
        const storedActivity = new Map<string, CustomerActivity>();
        let documents: Documents = { facts: [], activity: [] };
        let start = 0;
        for (const { size, requests } of steps) {
          const batch: RecordedCustomerEvent[] = sequence.slice(start, start + size);
          start += size;
          const changed = new Map<string, CustomerFacts>();
          const changedActivity = new Map<string, CustomerActivity>();
          for (const event of batch) {
            const facts = applyToFacts(stored.get(event.customerId) ?? null, event);
            stored.set(event.customerId, facts);
            changed.set(event.customerId, facts);
            const activity = applyToActivity(storedActivity.get(event.customerId) ?? null, event);
            storedActivity.set(event.customerId, activity);
            changedActivity.set(event.customerId, activity);
          }
          documents = {
            facts: patched(documents.facts, changed),
            activity: patched(documents.activity, changedActivity),
          };

          for (const { pick, views } of requests) {
            const params = asked[pick % asked.length]!;
            expect(answers(documents, params, views)).toEqual(
              answers({ facts: [...documents.facts], activity: [...documents.activity] }, params, views),
            );
          }
          if (start >= sequence.length) break;
        }
      }),
      { numRuns: 200 },
    );
  });
});
