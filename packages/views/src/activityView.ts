import { instant, isAtOrBefore, isWithin, type TimeRange, windowKey, windowOfKey } from "./businessTime.ts";
import type { CustomerActivity } from "./customerActivity.ts";
import { summedPerList } from "./keptPerFacts.ts";
import { listChangeOf } from "./listChanges.ts";
import { ascending, SortedList } from "./sortedList.ts";
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
  // A cut at or after every entry cuts nothing: the answer is the window's, kept per documents
  // array and following each change of it. An earlier cut is counted for that request.
  const actors =
    cut.asOf >= latestOfAll(documents)
      ? workPerActor(documents, windowKey(cut.window))
      : workPerActor(
          documents.map((document) => entriesUpTo(document, cut.asOf)),
          windowKey(cut.window),
        );
  return { ...cut.answered, actors };
};

type ActorSum = {
  entries: number;
  counts: Omit<ActorActivity, "actorId" | "role">;
  /** The instants of the actor's entries, per role they were made in, for the role it worked in last. */
  roles: Map<string, SortedList<number>>;
};

/** The window's work per actor, summed per customer's document. */
const workPerActor = summedPerList<
  { window: TimeRange; actors: Map<string, ActorSum> },
  ActorActivity[],
  CustomerActivity
>({
  empty: (key) => ({ window: windowOfKey(key), actors: new Map() }),
  add: (sum, document, sign) => {
    for (const entry of document.entries) {
      if (!isWithin(entry.occurredAt, sum.window)) continue;
      let actor = sum.actors.get(entry.actorId);
      if (!actor) {
        actor = {
          entries: 0,
          counts: { interactions: 0, stageMoves: 0, wins: 0, followUpsCompleted: 0, complaintsHandled: 0 },
          roles: new Map(),
        };
        sum.actors.set(entry.actorId, actor);
      }
      actor.entries += sign;
      if (entry.kind === "interaction") actor.counts.interactions += sign;
      if (entry.kind === "stageMove") actor.counts.stageMoves += sign;
      if (entry.win) actor.counts.wins += sign;
      if (entry.kind === "followUpCompleted") actor.counts.followUpsCompleted += sign;
      if (entry.kind === "complaintHandled") actor.counts.complaintsHandled += sign;
      let instants = actor.roles.get(entry.role);
      if (!instants) {
        instants = new SortedList(ascending);
        actor.roles.set(entry.role, instants);
      }
      if (sign === 1) instants.add(instant(entry.occurredAt));
      else instants.remove(instant(entry.occurredAt));
      // Actors without work in the window are left out.
      if (actor.entries === 0) sum.actors.delete(entry.actorId);
    }
  },
  answer: (sum) =>
    [...sum.actors]
      .sort(([a], [b]) => compareText(a, b))
      .map(([actorId, actor]) => ({ actorId, role: lastRoleOf(actor), ...actor.counts })),
});

/** The role of the actor's latest entry; ties go to the later role in code order, so the answer never depends on document order. */
const lastRoleOf = (actor: ActorSum): string => {
  let last: { at: number; role: string } | undefined;
  for (const [role, instants] of actor.roles) {
    const at = instants.inOrder().at(-1);
    if (at === undefined) continue;
    if (!last || at > last.at || (at === last.at && compareText(role, last.role) > 0)) last = { at, role };
  }
  return last?.role ?? "";
};

const entriesUpTo = (document: CustomerActivity, asOf: number): CustomerActivity => ({
  ...document,
  entries: document.entries.filter((entry) => isAtOrBefore(entry.occurredAt, asOf)),
});

// The latest instant of any entry, kept per documents array; an array patched from another
// (listChanges.ts) takes the one before and the new documents' (an upper bound: a cut below it
// is counted per request, as any earlier cut is).
const latestKept = new WeakMap<readonly CustomerActivity[], number>();
const latestOfDocument = (document: CustomerActivity): number =>
  document.entries.reduce(
    (latest, entry) => Math.max(latest, instant(entry.occurredAt)),
    Number.NEGATIVE_INFINITY,
  );
const latestOfAll = (documents: readonly CustomerActivity[]): number => {
  let latest = latestKept.get(documents);
  if (latest !== undefined) return latest;
  const change = listChangeOf(documents);
  const before = change && latestKept.get(change.previous);
  latest =
    change && before !== undefined
      ? change.added.reduce((latest, document) => Math.max(latest, latestOfDocument(document)), before)
      : documents.reduce(
          (latest, document) => Math.max(latest, latestOfDocument(document)),
          Number.NEGATIVE_INFINITY,
        );
  latestKept.set(documents, latest);
  return latest;
};
