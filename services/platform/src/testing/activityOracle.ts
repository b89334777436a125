import { type Cut, inWindow, isoOf, windowOf } from "./oracleCut.ts";
import type { CustomerFacts } from "./oracleFacts.ts";

// Contract 9.6, "activity", from its words: per actor, the events in the window (by asOf) of each
// kind, ordered by actorId. Stage moves count every move, wins the moves to won; complaints handled
// are acknowledgements and resolutions (docs/working-the-customer.md).

export const activityOracle = (all: readonly CustomerFacts[], cut: Cut) => {
  const rows = new Map<
    string,
    {
      actorId: string;
      role: string;
      lastAt: number;
      interactions: number;
      stageMoves: number;
      wins: number;
      followUpsCompleted: number;
      complaintsHandled: number;
    }
  >();
  for (const { facts } of all)
    for (const fact of facts) {
      if (fact.at > cut.asOf || !inWindow(fact.at, cut)) continue;
      const counted = {
        interactions: fact.type === "InteractionLogged" ? 1 : 0,
        stageMoves: fact.type === "StageAdvanced" ? 1 : 0,
        wins: fact.type === "StageAdvanced" && fact.to === "won" ? 1 : 0,
        followUpsCompleted: fact.type === "FollowUpCompleted" ? 1 : 0,
        complaintsHandled: fact.type === "ComplaintAcknowledged" || fact.type === "ComplaintResolved" ? 1 : 0,
      };
      if (Object.values(counted).every((count) => count === 0)) continue;
      const row = rows.get(fact.actor.id) ?? {
        actorId: fact.actor.id,
        role: fact.actor.role,
        lastAt: fact.at,
        interactions: 0,
        stageMoves: 0,
        wins: 0,
        followUpsCompleted: 0,
        complaintsHandled: 0,
      };
      if (fact.at >= row.lastAt) {
        row.lastAt = fact.at;
        row.role = fact.actor.role;
      }
      row.interactions += counted.interactions;
      row.stageMoves += counted.stageMoves;
      row.wins += counted.wins;
      row.followUpsCompleted += counted.followUpsCompleted;
      row.complaintsHandled += counted.complaintsHandled;
      rows.set(fact.actor.id, row);
    }
  return {
    asOf: isoOf(cut.asOf),
    window: windowOf(cut.query),
    actors: [...rows.values()]
      .sort((a, b) => (a.actorId < b.actorId ? -1 : a.actorId > b.actorId ? 1 : 0))
      .map(({ lastAt: _lastAt, ...row }) => row),
  };
};
