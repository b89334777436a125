import { CUSTOMER_STREAM_PREFIX, type RecordedCustomerEvent, toRecordedCustomerEvent } from "@crm/domain";
import type { EventStore } from "@crm/event-store";
import type { ReadStore } from "@crm/read-store";
import {
  // Contract 9.6
  type ActivityParams,
  activityView,
  type ChurnParams,
  type CustomerActivity,
  type CustomerFacts,
  type CustomerValueParams,
  churnView,
  customerValueView,
  type FunnelParams,
  funnelView,
  type LifecycleParams,
  lifecycleView,
  replayActivity,
  replayFacts,
  type StageVelocityParams,
  stageVelocityView,
} from "@crm/views";
import { customerActivityProjection } from "./customerActivityProjection.ts";
import { customerFactsProjection } from "./customerFactsProjection.ts";

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
// it replays. `replayAsOf` replays for asOf too (the CLI, and the tests that hold
// the two paths equal).

type Cut = { asOf?: string; knownAt?: string };
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
  const factsFor = async (cut: Cut): Promise<CustomerFacts[]> => {
    if (cut.knownAt === undefined && (cut.asOf === undefined || !deps.replayAsOf))
      return deps.readStore
        .collection<CustomerFacts & { _id: string }>(customerFactsProjection.collection)
        .all();
    return replayFacts(
      await readAllCustomerEvents(deps.eventStore),
      cut.knownAt ? { knownAt: cut.knownAt } : {},
    );
  };
  const activityFor = async (cut: Cut): Promise<CustomerActivity[]> => {
    if (cut.asOf === undefined && cut.knownAt === undefined)
      return deps.readStore
        .collection<CustomerActivity & { _id: string }>(customerActivityProjection.collection)
        .all();
    return replayActivity(
      await readAllCustomerEvents(deps.eventStore),
      cut.knownAt ? { knownAt: cut.knownAt } : {},
    );
  };
  const now = () => deps.clock().toISOString();

  return {
    funnel: async (params: Without<FunnelParams> & Cut) =>
      funnelView(await factsFor(params), { ...params, now: now() }),
    lifecycle: async (params: Without<LifecycleParams> & Cut) =>
      lifecycleView(await factsFor(params), { ...params, now: now() }),
    churn: async (params: Without<ChurnParams> & Cut) =>
      churnView(await factsFor(params), { ...params, now: now() }),
    customerValue: async (params: Without<CustomerValueParams> & Cut) =>
      customerValueView(await factsFor(params), { ...params, now: now() }),
    // Contract 9.6
    stageVelocity: async (params: Without<StageVelocityParams> & Cut) =>
      stageVelocityView(await factsFor(params), { ...params, now: now() }),
    activity: async (params: Without<ActivityParams> & Cut) =>
      activityView(await activityFor(params), { ...params, now: now() }),
  };
};

export type ViewQueries = ReturnType<typeof viewQueries>;
