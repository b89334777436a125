import { describe, expect, it } from "vitest";
import { activityView } from "./activityView.ts";
import { replayActivity } from "./customerActivity.ts";
import { replayFacts } from "./replayFacts.ts";
import { stageVelocityView } from "./stageVelocityView.ts";
import { customerHistory, customerIdOf, day } from "./testing/customerHistory.ts";

// Contract 9.6 by example: stays per open stage, the lead-to-first-win cycle, work per actor.

const now = day(60);

const twoCustomers = () => {
  const quick = customerHistory(customerIdOf(1)).create(day(1), { ownerId: "alice" });
  quick.actAs({ id: "alice", role: "sales" }).advance("qualified", day(3));
  quick.advance("won", day(8), { amount: 100 });
  const slow = customerHistory(customerIdOf(2)).create(day(1), { ownerId: "bob" });
  slow.actAs({ id: "bob", role: "sales" }).advance("proposal", day(11));
  slow.interact(day(12));
  slow.actAs({ id: "carol", role: "service" }).interact(day(13));
  slow.actAs({ id: "bob", role: "sales" }).advance("lost", day(21), { lostReason: "price" });
  return [...quick.events, ...slow.events];
};

describe("stage velocity", () => {
  it("given stays of 2 and 10 days in lead, then mean and median are 6; qualified 5; proposal 10; cycle 7", () => {
    const answer = stageVelocityView(replayFacts(twoCustomers()), { now });
    expect(answer.stages).toEqual([
      { stage: "lead", stays: 2, meanDays: 6, medianDays: 6 },
      { stage: "qualified", stays: 1, meanDays: 5, medianDays: 5 },
      { stage: "proposal", stays: 1, meanDays: 10, medianDays: 10 },
      { stage: "negotiation", stays: 0, meanDays: null, medianDays: null },
    ]);
    expect(answer.cycleDays).toEqual({ mean: 7, median: 7 });
  });

  it("given a window, then only stays that ended in it count; ownerId keeps one rep's customers", () => {
    const events = twoCustomers();
    const windowed = stageVelocityView(replayFacts(events), { now, from: day(5), to: day(15) });
    expect(windowed.stages.map((stage) => stage.stays)).toEqual([1, 1, 0, 0]);
    const bobs = stageVelocityView(replayFacts(events), { now, ownerId: "bob" });
    expect(bobs.stages.map((stage) => stage.stays)).toEqual([1, 0, 1, 0]);
    expect(bobs.cycleDays).toEqual({ mean: null, median: null });
  });
});

describe("activity", () => {
  it("counts each actor's work in the window, ordered by actorId", () => {
    expect(activityView(replayActivity(twoCustomers()), { now, from: day(2) }).actors).toEqual([
      {
        actorId: "alice",
        role: "sales",
        interactions: 0,
        stageMoves: 2,
        wins: 1,
        followUpsCompleted: 0,
        complaintsHandled: 0,
      },
      {
        actorId: "bob",
        role: "sales",
        interactions: 1,
        stageMoves: 2,
        wins: 0,
        followUpsCompleted: 0,
        complaintsHandled: 0,
      },
      {
        actorId: "carol",
        role: "service",
        interactions: 1,
        stageMoves: 0,
        wins: 0,
        followUpsCompleted: 0,
        complaintsHandled: 0,
      },
    ]);
  });
});
