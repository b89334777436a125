import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { activityView } from "./activityView.ts";
import { applyToFacts } from "./applyToFacts.ts";
import { applyToActivity, type CustomerActivity, replayActivity } from "./customerActivity.ts";
import type { CustomerFacts } from "./customerFacts.ts";
import { replayFacts } from "./replayFacts.ts";
import { stageVelocityView } from "./stageVelocityView.ts";
import { HISTORY_START, randomHistory } from "./testing/randomHistories.ts";
import { deliver, deliveryChoices, maintainDocuments } from "./testing/readModelDelivery.ts";

// Contract 9.6 with section 4's rule: stage velocity and activity served from the maintained read
// models equal the same views over a replay of the history, for any cut, delivery order and redelivery.

const DAY = 86_400_000;
const instantNear = fc
  .integer({ min: -5, max: 400 })
  .map((days) => new Date(HISTORY_START + days * DAY).toISOString());
const params = fc.record(
  { asOf: instantNear, from: instantNear, to: instantNear, ownerId: fc.constantFrom("alice", "bob") },
  { requiredKeys: [] },
);
const now = new Date(HISTORY_START + 400 * DAY).toISOString();
/** After every generated event, so a count over the whole history sees all of it. */
const afterAll = "2100-01-01T00:00:00.000Z";
const byCustomer = <T extends { customerId: string }>(documents: T[]) =>
  [...documents].sort((a, b) => (a.customerId < b.customerId ? -1 : 1));

describe("stage velocity and activity: read model and replay", () => {
  it("give identical answers for any history, delivery order and redeliveries", () => {
    fc.assert(
      fc.property(randomHistory, deliveryChoices, params, (events, choices, cut) => {
        const sequence = deliver(events, choices);
        const facts = maintainDocuments<CustomerFacts>(sequence, applyToFacts);
        const activity = maintainDocuments<CustomerActivity>(sequence, applyToActivity);
        const replayedActivity = replayActivity(events);

        expect(byCustomer(activity)).toEqual(byCustomer(replayedActivity));
        expect(stageVelocityView(facts, { ...cut, now })).toEqual(
          stageVelocityView(replayFacts(events), { ...cut, now }),
        );
        expect(activityView(activity, { ...cut, now })).toEqual(
          activityView(replayedActivity, { ...cut, now }),
        );
      }),
      { numRuns: 150 },
    );
  });

  it("count every recorded piece of work once, by the actor the event names", () => {
    fc.assert(
      fc.property(randomHistory, (events) => {
        const actors = activityView(replayActivity(events), { now: afterAll }).actors;
        const count = (predicate: (event: (typeof events)[number]) => boolean, actorId: string) =>
          events.filter((event) => event.metadata.actor.id === actorId && predicate(event)).length;
        for (const actor of actors) {
          expect(actor.interactions).toBe(count((e) => e.type === "InteractionLogged", actor.actorId));
          expect(actor.stageMoves).toBe(count((e) => e.type === "StageAdvanced", actor.actorId));
          expect(actor.wins).toBe(
            count((e) => e.type === "StageAdvanced" && e.data.to === "won", actor.actorId),
          );
          expect(actor.followUpsCompleted).toBe(count((e) => e.type === "FollowUpCompleted", actor.actorId));
          expect(actor.complaintsHandled).toBe(
            count((e) => e.type === "ComplaintAcknowledged" || e.type === "ComplaintResolved", actor.actorId),
          );
        }
      }),
      { numRuns: 100 },
    );
  });

  it("count one stay per move out of an open stage, and a cycle where there was a first win", () => {
    fc.assert(
      fc.property(randomHistory, (events) => {
        const answer = stageVelocityView(replayFacts(events), { now: afterAll });
        // Contract 9.2: after a merge the duplicate is left out; the survivor's stage history is its own.
        const merged = new Set(events.filter((e) => e.type === "MergedInto").map((e) => e.customerId));
        const moves = events.filter((e) => e.type === "StageAdvanced" && !merged.has(e.customerId));
        const movesOutOf = (stage: string) =>
          moves.filter((event) => event.type === "StageAdvanced" && event.data.from === stage).length;
        for (const { stage, stays } of answer.stages) expect(stays, stage).toBe(movesOutOf(stage));
        const firstWins = new Set(
          moves.filter((e) => e.type === "StageAdvanced" && e.data.to === "won").map((e) => e.customerId),
        );
        expect(answer.cycleDays.mean === null).toBe(firstWins.size === 0);
      }),
      { numRuns: 100 },
    );
  });
});
