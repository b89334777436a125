import { type Cut, customersAt, inWindow, isoOf, windowOf } from "./oracleCut.ts";
import type { CustomerFacts } from "./oracleFacts.ts";
import { DAY_MS, mean, median, roundedOrNull } from "./oracleNumbers.ts";

// Contract 9.6, "stage velocity", from its words: for each open stage, the stays that ended in the
// window (the customer moved on, won or was lost), and lead creation to first win for wins in it.

const OPEN_STAGES = ["lead", "qualified", "proposal", "negotiation"];
const inDays = (ms: number | null) => roundedOrNull(ms === null ? null : ms / DAY_MS, 2);

export const stageVelocityOracle = (all: readonly CustomerFacts[], cut: Cut) => {
  const customers = customersAt(all, {
    ...cut,
    query: { ...(cut.query.ownerId ? { ownerId: cut.query.ownerId } : {}) },
  });
  const stays = new Map<string, number[]>(OPEN_STAGES.map((stage) => [stage, []]));
  const cycles: number[] = [];
  for (const { now, facts } of customers) {
    let since = now.createdAt;
    let firstWinSeen = false;
    for (const fact of facts) {
      if (fact.type !== "StageAdvanced") continue;
      if (OPEN_STAGES.includes(fact.from) && inWindow(fact.at, cut))
        stays.get(fact.from)?.push(fact.at - since);
      since = fact.at;
      if (fact.to === "won" && !firstWinSeen) {
        firstWinSeen = true;
        if (inWindow(fact.at, cut)) cycles.push(fact.at - now.createdAt);
      }
    }
  }
  return {
    asOf: isoOf(cut.asOf),
    window: windowOf(cut.query),
    stages: OPEN_STAGES.map((stage) => {
      const durations = stays.get(stage) ?? [];
      return {
        stage,
        stays: durations.length,
        meanDays: inDays(mean(durations)),
        medianDays: inDays(median(durations)),
      };
    }),
    cycleDays: { mean: inDays(mean(cycles)), median: inDays(median(cycles)) },
  };
};
