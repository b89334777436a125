import { isAtOrBefore, isWithin } from "./businessTime.ts";
import type { CustomerActivity } from "./customerActivity.ts";
import { compareText } from "./textOrder.ts";
import { type AnsweredCut, resolveCut, type WindowParams } from "./viewParams.ts";

// Contract 9.6, activity: per actor, the work recorded in the window, the report a manager
// reads instead of asking reps for numbers. Ordered by actorId; actors without work are left out.

export type ActivityParams = WindowParams;

export type ActorActivity = {
  actorId: string;
  /** The role the actor last worked in within the window. */
  role: string;
  interactions: number;
  /** Every stage move, wins included. */
  stageMoves: number;
  wins: number;
  followUpsCompleted: number;
  /** Complaint acknowledgements and resolutions. */
  complaintsHandled: number;
};

export type ActivityAnswer = AnsweredCut & { actors: ActorActivity[] };

export const activityView = (
  documents: readonly CustomerActivity[],
  params: ActivityParams,
): ActivityAnswer => {
  const cut = resolveCut(params);
  const byActor = new Map<string, ActorActivity & { lastAt: number }>();
  for (const document of documents)
    for (const entry of document.entries) {
      if (!isAtOrBefore(entry.occurredAt, cut.asOf) || !isWithin(entry.occurredAt, cut.window)) continue;
      const at = Date.parse(entry.occurredAt);
      const actor = byActor.get(entry.actorId) ?? {
        actorId: entry.actorId,
        role: entry.role,
        lastAt: at,
        interactions: 0,
        stageMoves: 0,
        wins: 0,
        followUpsCompleted: 0,
        complaintsHandled: 0,
      };
      // Ties go to the later role in code order, so the answer never depends on document order.
      if (at > actor.lastAt || (at === actor.lastAt && compareText(entry.role, actor.role) > 0)) {
        actor.lastAt = at;
        actor.role = entry.role;
      }
      if (entry.kind === "interaction") actor.interactions += 1;
      if (entry.kind === "stageMove") actor.stageMoves += 1;
      if (entry.win) actor.wins += 1;
      if (entry.kind === "followUpCompleted") actor.followUpsCompleted += 1;
      if (entry.kind === "complaintHandled") actor.complaintsHandled += 1;
      byActor.set(entry.actorId, actor);
    }
  return {
    ...cut.answered,
    actors: [...byActor.values()]
      .sort((a, b) => compareText(a.actorId, b.actorId))
      .map(({ lastAt: _lastAt, ...actor }) => actor),
  };
};
