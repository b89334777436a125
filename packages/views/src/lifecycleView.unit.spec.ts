import { describe, expect, it } from "vitest";
import { lifecycleView } from "./lifecycleView.ts";
import { replayFacts } from "./replayFacts.ts";
import { customerHistory, customerIdOf, day } from "./testing/customerHistory.ts";

const now = day(100);
const P1 = customerHistory(customerIdOf(1)).create(day(1)).assignOwner("bob", day(60)); // prospect
const C1 = customerHistory(customerIdOf(2))
  .create(day(2), { ownerId: "alice" })
  .advance("won", day(10), { amount: 500 })
  .interact(day(40)); // changes no lifecycle stage
const R1 = customerHistory(customerIdOf(3))
  .create(day(3), { ownerId: "alice" })
  .advance("won", day(10), { amount: 500 })
  .purchase(100, day(20)) // second order: repeat
  .purchase(100, day(70)); // still repeat: no transition
const X = customerHistory(customerIdOf(9)).create(day(30), {
  source: "referral",
  referredBy: customerIdOf(4),
});
const A1 = customerHistory(customerIdOf(4))
  .create(day(4))
  .advance("won", day(10), { amount: 1000 })
  .purchase(200, day(32))
  // the referral reactor credits X's creation (day 30) late, on day 35, after the day-32 purchase
  .creditReferral(customerIdOf(9), day(30), day(35));
const CH1 = customerHistory(customerIdOf(5))
  .create(day(5))
  .advance("won", day(10), { amount: 300 })
  .advance("lost", day(50), { lostReason: "price" }); // churned
const L1 = customerHistory(customerIdOf(6))
  .create(day(6))
  .advance("lost", day(20), { lostReason: "competitor" });
const W1 = customerHistory(customerIdOf(7))
  .create(day(7))
  .advance("lost", day(15), { lostReason: "price" })
  .advance("lead", day(25)); // win-back attempt: a prospect again

const histories = [P1, C1, R1, X, A1, CH1, L1, W1];
const facts = replayFacts(histories.flatMap((history) => history.events));

describe("lifecycleView", () => {
  it("counts every lifecycle stage as of now, and every change that led there", () => {
    expect(lifecycleView(facts, { now })).toEqual({
      asOf: now,
      window: { from: null, to: null },
      counts: { prospect: 3, customer: 1, repeat: 1, advocate: 1, churned: 1, lost: 1 }, // P1 X W1 | C1 | R1 | A1 | CH1 | L1
      pool: 5, // all but C1, R1 (alice's) and P1 (bob's since day 60)
      transitions: [
        { from: null, to: "prospect", count: 8 }, // every lead
        { from: "prospect", to: "customer", count: 4 }, // C1 R1 A1 CH1 on day 10
        { from: "prospect", to: "lost", count: 2 }, // L1, W1
        { from: "customer", to: "advocate", count: 1 }, // A1 on day 30, not repeat first
        { from: "customer", to: "churned", count: 1 }, // CH1
        { from: "customer", to: "repeat", count: 1 }, // R1 on day 20
        { from: "lost", to: "prospect", count: 1 }, // W1 reopened
      ],
    });
  });

  it("counts the changes caused in the window, and looks at them as of `to` when asOf is not given", () => {
    expect(lifecycleView(facts, { now, to: day(30) })).toEqual({
      asOf: day(30),
      window: { from: null, to: day(30) },
      // as of day 30: X exists, A1's credit (dated day 30) already counts, CH1 is not lost yet
      counts: { prospect: 3, customer: 2, repeat: 1, advocate: 1, churned: 0, lost: 1 },
      pool: 6, // P1 is bob's only from day 60
      transitions: [
        { from: null, to: "prospect", count: 7 }, // X's creation on day 30 is outside [.., day 30)
        { from: "prospect", to: "customer", count: 4 },
        { from: "prospect", to: "lost", count: 2 },
        { from: "customer", to: "repeat", count: 1 },
        { from: "lost", to: "prospect", count: 1 },
      ],
    });

    expect(lifecycleView(facts, { now, from: day(10), to: day(30), asOf: now }).transitions).toEqual([
      { from: "prospect", to: "customer", count: 4 },
      { from: "prospect", to: "lost", count: 2 },
      { from: "customer", to: "repeat", count: 1 },
      { from: "lost", to: "prospect", count: 1 },
    ]);
  });

  it("makes a referrer an advocate as of the referred lead's creation, however late the credit was appended", () => {
    const referrer = replayFacts(A1.events);
    expect(lifecycleView(referrer, { now, asOf: day(29) }).counts.customer).toBe(1);
    expect(lifecycleView(referrer, { now, asOf: day(31) }).counts.advocate).toBe(1);
    // Folded in business order, the day-32 purchase finds an advocate: no detour through repeat.
    expect(lifecycleView(referrer, { now }).transitions).toEqual([
      { from: null, to: "prospect", count: 1 },
      { from: "customer", to: "advocate", count: 1 },
      { from: "prospect", to: "customer", count: 1 },
    ]);
    // What we knew on day 33, before the reactor ran: the purchase made a repeat customer.
    const knownThen = replayFacts(A1.events, { knownAt: day(33) });
    expect(lifecycleView(knownThen, { now, asOf: day(33) }).counts.repeat).toBe(1);
  });

  it("filters on the current owner", () => {
    const answer = lifecycleView(facts, { now, ownerId: "alice" });
    expect(answer.counts).toEqual({ prospect: 0, customer: 1, repeat: 1, advocate: 0, churned: 0, lost: 0 });
    expect(answer.pool).toBe(0);
  });

  it("answers before the first lead with zeros and no transitions", () => {
    expect(lifecycleView(facts, { now, asOf: day(0) })).toEqual({
      asOf: day(0),
      window: { from: null, to: null },
      counts: { prospect: 0, customer: 0, repeat: 0, advocate: 0, churned: 0, lost: 0 },
      pool: 0,
      transitions: [],
    });
  });
});
