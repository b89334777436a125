import { describe, expect, it } from "vitest";
import { churnView } from "./churnView.ts";
import { replayFacts } from "./replayFacts.ts";
import { customerHistory, customerIdOf, day } from "./testing/customerHistory.ts";

const now = day(100);
const K1 = customerHistory(customerIdOf(1))
  .create(day(1))
  .interact(day(5))
  .advance("won", day(10), { amount: 1000 })
  .advance("lost", day(40), { lostReason: "price" }); // post-sale churn, 35 days after the first call
const K2 = customerHistory(customerIdOf(2))
  .create(day(2))
  .advance("qualified", day(3))
  .advance("lost", day(45), { lostReason: "competitor" }); // never called: 43 days from creation
const K3 = customerHistory(customerIdOf(3))
  .create(day(20))
  .advance("lost", day(35), { lostReason: "price" })
  .interact(day(21), day(36)) // logged after the loss, back-dated before it: 14 days, not 15
  .advance("lead", day(50)) // win-back in the window...
  .advance("won", day(70), { amount: 700 }); // ...won after the window, by asOf
const K4 = customerHistory(customerIdOf(4))
  .create(day(3))
  .advance("won", day(8), { amount: 500 })
  .advance("lost", day(25), { lostReason: "price" }) // before the window
  .advance("qualified", day(31)) // win-back in the window...
  .advance("lost", day(55), { lostReason: "needs_unmet" }) // ...failed: 52 days from creation
  .advance("lead", day(65))
  .advance("won", day(80), { amount: 600 });
const K5 = customerHistory(customerIdOf(5))
  .create(day(4))
  .advance("won", day(32), { amount: 300 }) // first win, in the window
  .purchase(150, day(70));
const K6 = customerHistory(customerIdOf(6))
  .create(day(5))
  .advance("won", day(9), { amount: 200 })
  .fileComplaint("k6a", "high", day(31))
  .acknowledge("k6a", day(31, 6)) // 6 h
  .resolve("k6a", day(33), 20) // 48 h
  .fileComplaint("k6b", "critical", day(90)); // still open on day 100
const K7 = customerHistory(customerIdOf(7))
  .create(day(6))
  .advance("won", day(10), { amount: 100 })
  .fileComplaint("k7a", "medium", day(40))
  .acknowledge("k7a", day(41)) // 24 h, never resolved
  .fileComplaint("k7b", "low", day(85))
  .fileComplaint("k7c", "low", day(88))
  .fileComplaint("k7d", "low", day(95))
  .interact(day(99));
const K8 = customerHistory(customerIdOf(8)).create(day(7)).advance("won", day(11), { amount: 100 });

// Reversed, so the answer's order cannot come from the input's.
const facts = replayFacts([K1, K2, K3, K4, K5, K6, K7, K8].flatMap((history) => history.events)).reverse();

describe("churnView", () => {
  it("reads the losses, win-backs, customer counts and complaints of a window", () => {
    expect(churnView(facts, { now, from: day(30), to: day(60), asOf: now })).toEqual({
      asOf: now,
      window: { from: day(30), to: day(60) },
      // losses in [day 30, day 60): K3 from lead, K2 and K4 from qualified, K1 from won
      lostByStage: { lead: 1, qualified: 2, proposal: 0, negotiation: 0, won: 1 },
      reasons: [
        { reason: "price", count: 2 }, // K1, K3
        { reason: "competitor", count: 1 },
        { reason: "needs_unmet", count: 1 },
      ],
      // K1 35, K2 43, K3 14, K4 52: mean 144 / 4 = 36; median (35 + 43) / 2 = 39
      daysToLoss: { mean: 36, median: 39 },
      winBack: { attempted: 2, succeeded: 1 }, // K4's (day 31) was lost again, K3's (day 50) won on day 70
      customers: {
        new: 1, // K5's first win on day 32
        churned: 1, // K1, won -> lost
        totalAtStart: 4, // won just before day 30: K1, K6, K7, K8 (K4 was lost on day 25)
        totalAtEnd: 4, // won just before day 60: K5, K6, K7, K8
      },
      churnRate: 0.25, // 1 / 4
      complaints: {
        filed: 2, // k6a, k7a
        acknowledged: 2,
        resolved: 1,
        open: 1,
        meanHoursToAcknowledge: 15, // (6 + 24) / 2
        meanHoursToResolve: 48,
      },
      // won on day 100: K3, K4, K5, K6, K7, K8
      atRisk: [
        // no call and no order in (day 40, day 100]; k6b critical and open
        { customerId: customerIdOf(6), risks: ["inactive", "open_severe_complaint"] },
        // 4 complaints in (day 10, day 100]; called on day 99
        { customerId: customerIdOf(7), risks: ["repeated_complaints"] },
        { customerId: customerIdOf(8), risks: ["inactive"] }, // last order day 11
      ],
    });
  });

  it("counts a win-back as succeeded only once the win happened by asOf", () => {
    // asOf defaults to `to`: K3's win on day 70 has not happened yet
    expect(churnView(facts, { now, from: day(30), to: day(60) }).winBack).toEqual({
      attempted: 2,
      succeeded: 0,
    });
  });

  it("without a window covers all history up to asOf and starts from zero customers", () => {
    const answer = churnView(facts, { now });
    expect(answer.window).toEqual({ from: null, to: null });
    // plus K4's loss from won on day 25, 22 days from creation
    expect(answer.lostByStage).toEqual({ lead: 1, qualified: 2, proposal: 0, negotiation: 0, won: 2 });
    expect(answer.reasons).toEqual([
      { reason: "price", count: 3 },
      { reason: "competitor", count: 1 },
      { reason: "needs_unmet", count: 1 },
    ]);
    // [14, 22, 35, 43, 52]: mean 166 / 5 = 33.2, median 35
    expect(answer.daysToLoss).toEqual({ mean: 33.2, median: 35 });
    expect(answer.winBack).toEqual({ attempted: 3, succeeded: 2 }); // K4's second (day 65) won on day 80
    // first wins: K1 K3 K4 K5 K6 K7 K8; won -> lost: K1, K4; won on day 100: K3 K4 K5 K6 K7 K8
    expect(answer.customers).toEqual({ new: 7, churned: 2, totalAtStart: 0, totalAtEnd: 6 });
    expect(answer.churnRate).toBeNull();
    expect(answer.complaints).toEqual({
      filed: 6,
      acknowledged: 2,
      resolved: 1,
      open: 5,
      meanHoursToAcknowledge: 15,
      meanHoursToResolve: 48,
    });
  });

  it("answers a quiet window with nulls for means and medians, never NaN", () => {
    const answer = churnView(facts, { now, from: day(200), to: day(210) });
    expect(answer).toEqual({
      asOf: day(210),
      window: { from: day(200), to: day(210) },
      lostByStage: { lead: 0, qualified: 0, proposal: 0, negotiation: 0, won: 0 },
      reasons: [],
      daysToLoss: { mean: null, median: null },
      winBack: { attempted: 0, succeeded: 0 },
      customers: { new: 0, churned: 0, totalAtStart: 6, totalAtEnd: 6 },
      churnRate: 0, // 0 / 6
      complaints: {
        filed: 0,
        acknowledged: 0,
        resolved: 0,
        open: 0,
        meanHoursToAcknowledge: null,
        meanHoursToResolve: null,
      },
      // by day 210 every paying customer went quiet; k6b is still open
      atRisk: [
        { customerId: customerIdOf(6), risks: ["inactive", "open_severe_complaint"] },
        ...[3, 4, 5, 7, 8].map((n) => ({ customerId: customerIdOf(n), risks: ["inactive"] })),
      ],
    });
    expect(churnView([], { now }).churnRate).toBeNull();
  });
});
