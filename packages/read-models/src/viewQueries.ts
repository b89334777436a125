import { CUSTOMER_STREAM_PREFIX, type RecordedCustomerEvent, toRecordedCustomerEvent } from "@crm/domain";
import type { EventStore } from "@crm/event-store";
import type { ReadStore } from "@crm/read-store";
import {
  // Contract 9.6
  type ActivityParams,
  activityView,
  type ChurnAnswer,
  type ChurnParams,
  type CustomerActivity,
  type CustomerFacts,
  type CustomerValueAnswer,
  type CustomerValueParams,
  churnView,
  customerValueView,
  type FunnelAnswer,
  type FunnelParams,
  funnelView,
  type LifecycleAnswer,
  type LifecycleParams,
  lifecycleView,
  replayActivity,
  replayFacts,
  type StageVelocityAnswer,
  type StageVelocityParams,
  stageVelocityView,
} from "@crm/views";
import { customerActivityProjection } from "./customerActivityProjection.ts";
import { customerFactsProjection } from "./customerFactsProjection.ts";
import { answersOnHand, documentsOnHand } from "./documentsOnHand.ts";
import { factsKnownAt } from "./factsKnownAt.ts";

// Contract section 4: a view without asOf is served from its maintained read
// model; with asOf (or knownAt) it is computed by replaying the history. Both
// paths hand the same facts documents to the same view function.
//
// A facts document keeps every entry with its business time, and the views cut
// them at asOf themselves; so replaying every event to answer an asOf builds the
// very documents the read model holds (the property tests and the oracle hold the
// two equal). An asOf alone is therefore answered from the maintained documents,
// at the cost of a view without one instead of a replay from event zero
// (docs/decisions.md). knownAt cuts system time, which the documents do not keep:
// it folds the events recorded by then, from the last checkpoint at or before the cut
// (factsKnownAt.ts). `replayAsOf` replays from event zero for asOf and knownAt (the CLI,
// and the tests that hold the two paths equal). What the views derive from the documents is
// kept, and follows the documents each write changed (docs/views.md, "Views at scale").

type Cut = { asOf?: string; knownAt?: string };
const KEPT_ANSWERS = 256;
type Without<T> = Omit<T, "now">;

export const VIEW_NAMES = [
  "funnel",
  "lifecycle",
  "churn",
  "customer-value",
  // Contract 9.6
  "stage-velocity",
  "activity",
] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

export const readAllCustomerEvents = async (eventStore: EventStore): Promise<RecordedCustomerEvent[]> => {
  const events: RecordedCustomerEvent[] = [];
  for await (const stored of eventStore.readAll({ streamPrefix: CUSTOMER_STREAM_PREFIX })) {
    const event = toRecordedCustomerEvent(stored);
    if (event) events.push(event);
  }
  return events;
};

export const viewQueries = (deps: {
  eventStore: EventStore;
  readStore: ReadStore;
  clock: () => Date;
  replayAsOf?: boolean;
}) => {
  const maintainedFacts = documentsOnHand(() =>
    deps.readStore.collection<CustomerFacts & { _id: string }>(customerFactsProjection.collection),
  );
  const maintainedActivity = documentsOnHand(() =>
    deps.readStore.collection<CustomerActivity & { _id: string }>(customerActivityProjection.collection),
  );
  const knownAt = factsKnownAt(deps.eventStore);
  const factsFor = async (cut: Cut): Promise<readonly CustomerFacts[]> => {
    if (deps.replayAsOf && (cut.asOf !== undefined || cut.knownAt !== undefined))
      return replayFacts(
        await readAllCustomerEvents(deps.eventStore),
        cut.knownAt ? { knownAt: cut.knownAt } : {},
      );
    if (cut.knownAt !== undefined) return knownAt(cut.knownAt);
    return maintainedFacts();
  };
  const activityFor = async (cut: Cut): Promise<readonly CustomerActivity[]> => {
    if (cut.asOf === undefined && cut.knownAt === undefined) return maintainedActivity();
    return replayActivity(
      await readAllCustomerEvents(deps.eventStore),
      cut.knownAt ? { knownAt: cut.knownAt } : {},
    );
  };
  const now = () => deps.clock().toISOString();

  // An answer with asOf depends on nothing but the documents and the request, so while the read
  // model is unchanged it is answered again as it was. Without asOf the cut is now, which moves.
  const kept = answersOnHand(KEPT_ANSWERS);
  const answered =
    <P extends Cut, A>(
      view: ViewName,
      answer: (facts: readonly CustomerFacts[], params: P & { now: string }) => A,
    ) =>
    async (params: P): Promise<A> => {
      const facts = await factsFor(params);
      if (params.asOf === undefined || params.knownAt !== undefined)
        return answer(facts, { ...params, now: now() });
      return kept(facts, [view, params], () => answer(facts, { ...params, now: now() }));
    };

  return {
    funnel: answered<Without<FunnelParams> & Cut, FunnelAnswer>("funnel", funnelView),
    lifecycle: answered<Without<LifecycleParams> & Cut, LifecycleAnswer>("lifecycle", lifecycleView),
    churn: answered<Without<ChurnParams> & Cut, ChurnAnswer>("churn", churnView),
    customerValue: answered<Without<CustomerValueParams> & Cut, CustomerValueAnswer>(
      "customer-value",
      customerValueView,
    ),
    // Contract 9.6
    stageVelocity: answered<Without<StageVelocityParams> & Cut, StageVelocityAnswer>(
      "stage-velocity",
      stageVelocityView,
    ),
    activity: async (params: Without<ActivityParams> & Cut) =>
      activityView(await activityFor(params), { ...params, now: now() }),
    /**
     * Reads the maintained documents the views start from, so that no request reads a whole
     * collection: from here on each request reads what was written since (documentsOnHand).
     */
    warmUp: async (): Promise<void> => {
      await Promise.all([maintainedFacts(), maintainedActivity()]);
    },
  };
};

export type ViewQueries = ReturnType<typeof viewQueries>;
