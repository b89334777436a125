import { describe, expect, it } from "vitest";
import { funnelView } from "./funnelView.ts";
import { replayFacts } from "./replayFacts.ts";
import { customerHistory, customerIdOf, day } from "./testing/customerHistory.ts";

// Eight leads, all events at midnight UTC; "now" is day 100.
const now = day(100);
const A = customerHistory(customerIdOf(1))
  .create(day(1), { expectedValue: 1000, ownerId: "alice" })
  .advance("proposal", day(10), { expectedValue: 1500 }) // skips qualified: reaches it all the same
  .assignOwner("bob", day(12))
  .fileComplaint("a1", "low", day(95)); // a complaint is no sales activity: A stays stale
const B = customerHistory(customerIdOf(2))
  .create(day(2), { expectedValue: 2000, ownerId: "alice" })
  .advance("qualified", day(5))
  .advance("negotiation", day(80));
const C = customerHistory(customerIdOf(3))
  .create(day(3), { expectedValue: 500, source: "referral" })
  .advance("won", day(20), { amount: 800 })
  .purchase(250, day(30));
const D = customerHistory(customerIdOf(4))
  .create(day(4), { expectedValue: 300 })
  .advance("qualified", day(6))
  .advance("lost", day(7), { lostReason: "price" });
const E = customerHistory(customerIdOf(5))
  .create(day(5), { expectedValue: 1000, source: "event" })
  .advance("negotiation", day(8))
  .advance("won", day(9), { amount: 1200 })
  .advance("lost", day(40), { lostReason: "competitor" })
  .advance("qualified", day(50), { expectedValue: 700 }) // win-back
  .advance("won", day(60), { amount: 900 }); // second win: its amount is the latest
const F = customerHistory(customerIdOf(6))
  .create(day(6), { source: "event" }) // no expectedValue
  .advance("won", day(10), { amount: 400 })
  .advance("lost", day(50), { lostReason: "competitor" }); // post-sale churn
const G = customerHistory(customerIdOf(7))
  .create(day(7), { expectedValue: 100, region: "north" })
  .interact(day(75), day(99)); // logged on day 99, back-dated to day 75
const H = customerHistory(customerIdOf(8)).create(day(90), { expectedValue: 250, region: "north" });

const facts = replayFacts([A, B, C, D, E, F, G, H].flatMap((history) => history.events));

const stages = (rows: [number, number, number][]) =>
  (["lead", "qualified", "proposal", "negotiation", "won"] as const).map((stage, index) => {
    const [reached, current, value] = rows[index]!;
    return { stage, reached, current, value };
  });

describe("funnelView", () => {
  it("follows every lead to where it stands now", () => {
    expect(funnelView(facts, { now })).toEqual({
      asOf: now,
      window: { from: null, to: null },
      // highest stage reached: A proposal, B negotiation, C won, D qualified, E won, F won, G lead, H lead
      stages: stages([
        [8, 2, 350], // now lead: G 100 + H 250
        [6, 0, 0], // reached by all but G and H (A skipped it, D was lost from it)
        [5, 1, 1500], // A, B, C, E, F reached; A now, with its latest expectedValue 1500
        [4, 1, 2000], // B, C, E, F reached; B now, 2000 from creation
        [3, 2, 1700], // C, E, F reached; C 800 + E 900 (its latest win, not 1200) now won
      ]),
      conversion: [
        { from: "lead", to: "qualified", rate: 0.75 }, // 6 / 8
        { from: "qualified", to: "proposal", rate: 0.8333 }, // 5 / 6
        { from: "proposal", to: "negotiation", rate: 0.8 }, // 4 / 5
        { from: "negotiation", to: "won", rate: 0.75 }, // 3 / 4
      ],
      winRate: 0.375, // 3 / 8
      lost: 2, // D and F
      lostByStage: { lead: 0, qualified: 1, proposal: 0, negotiation: 0, won: 1 },
      pipelineValue: 3850, // 350 + 0 + 1500 + 2000
      target: null,
      coverage: null,
      coverageHealthy: null,
      // open: A, B, G, H; activity in (day 70, day 100]: B moved on 80, G's call on 75, H created on 90
      stale: 1,
    });
  });

  it("judges coverage by the 3:1 rule against a target", () => {
    const judged = (target: number) => {
      const { target: echoed, coverage, coverageHealthy } = funnelView(facts, { now, target });
      return { target: echoed, coverage, coverageHealthy };
    };
    expect(judged(1000)).toEqual({ target: 1000, coverage: 3.85, coverageHealthy: true }); // 3850 / 1000
    expect(judged(1925)).toEqual({ target: 1925, coverage: 2, coverageHealthy: false }); // 3850 / 1925
    // 3850 / 1283.33 = 3.0000078: answered as 3, so healthy
    expect(judged(1283.33)).toEqual({ target: 1283.33, coverage: 3, coverageHealthy: true });
    expect(judged(0)).toEqual({ target: 0, coverage: null, coverageHealthy: null });
  });

  it("takes the cohort from the window and, without asOf, looks at it as of `to`", () => {
    const answer = funnelView(facts, { now, from: day(1), to: day(5) });

    expect(answer.asOf).toBe(day(5));
    expect(answer.window).toEqual({ from: day(1), to: day(5) });
    // cohort A, B, C, D (E was created on day 5: `to` is exclusive); as of day 5 only B has moved
    expect(answer.stages).toEqual(
      stages([
        [4, 3, 1800], // A 1000 + C 500 + D 300
        [1, 1, 2000], // B, moved on day 5 itself (asOf is inclusive)
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
      ]),
    );
    expect(answer.conversion.map(({ rate }) => rate)).toEqual([0.25, 0, null, null]); // 1/4, 0/1, 0/0, 0/0
    expect(answer.winRate).toBe(0); // 0 / 4
    expect(answer.pipelineValue).toBe(3800);
    expect(answer.stale).toBe(0);
  });

  it("looks at the window's cohort as of a later asOf", () => {
    const answer = funnelView(facts, { now, from: day(1), to: day(5), asOf: day(100) });
    expect(answer.stages.map(({ reached, current }) => [reached, current])).toEqual([
      [4, 0],
      [4, 0], // D reached qualified before it was lost
      [3, 1], // A
      [2, 1], // B
      [1, 1], // C
    ]);
    expect(answer.lostByStage).toEqual({ lead: 0, qualified: 1, proposal: 0, negotiation: 0, won: 0 });
  });

  it("filters on the customer's current owner, source and region", () => {
    const reached = (answer: ReturnType<typeof funnelView>) => answer.stages.map((stage) => stage.reached);
    expect(reached(funnelView(facts, { now, ownerId: "alice" }))).toEqual([1, 1, 1, 1, 0]); // B only: A is bob's now
    expect(reached(funnelView(facts, { now, ownerId: "bob" }))).toEqual([1, 1, 1, 0, 0]); // A
    expect(reached(funnelView(facts, { now, source: "event" }))).toEqual([2, 2, 2, 2, 2]); // E, F
    const north = funnelView(facts, { now, region: "north" });
    expect(north.stages[0]).toEqual({ stage: "lead", reached: 2, current: 2, value: 350 }); // G, H
  });

  it("answers an empty cohort with zeros for counts and null for ratios", () => {
    const answer = funnelView(facts, { now, from: day(200), to: day(210), target: 500 });
    expect(answer).toEqual({
      asOf: day(210),
      window: { from: day(200), to: day(210) },
      stages: stages([
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
      ]),
      conversion: [
        { from: "lead", to: "qualified", rate: null },
        { from: "qualified", to: "proposal", rate: null },
        { from: "proposal", to: "negotiation", rate: null },
        { from: "negotiation", to: "won", rate: null },
      ],
      winRate: null,
      lost: 0,
      lostByStage: { lead: 0, qualified: 0, proposal: 0, negotiation: 0, won: 0 },
      pipelineValue: 0,
      target: 500,
      coverage: 0, // 0 / 500: a real zero, not a missing figure
      coverageHealthy: false,
      stale: 0,
    });
  });
});
