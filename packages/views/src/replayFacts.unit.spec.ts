import { describe, expect, it } from "vitest";
import { replayFacts } from "./replayFacts.ts";
import { customerHistory, customerIdOf, day } from "./testing/customerHistory.ts";

const first = customerHistory(customerIdOf(1))
  .create(day(1))
  .advance("qualified", day(2))
  .interact(day(1, 12), day(20)); // back-dated, but only known from day 20
const second = customerHistory(customerIdOf(2)).create(day(3)).advance("won", day(4), { amount: 100 });

describe("replayFacts", () => {
  it("builds one document per customer, whatever order and repetitions the history comes in", () => {
    const inOrder = replayFacts([...first.events, ...second.events]);
    const scrambled = replayFacts([...second.events, ...first.events].reverse().concat(first.events));

    expect(inOrder.map((facts) => facts.customerId)).toEqual([customerIdOf(1), customerIdOf(2)]);
    expect(scrambled).toEqual(inOrder);
  });

  it("knows only what was recorded by knownAt", () => {
    const [facts] = replayFacts(first.events, { knownAt: day(19) });

    expect(facts?.revision).toBe(1);
    expect(facts?.interactions).toEqual([]);
    expect(replayFacts(first.events, { knownAt: day(20) })[0]?.interactions).toEqual([
      { occurredAt: day(1, 12), revision: 2 },
    ]);
    expect(replayFacts(second.events, { knownAt: day(2) })).toEqual([]);
  });
});
