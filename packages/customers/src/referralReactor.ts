import {
  CUSTOMER_STREAM_PREFIX,
  DomainError,
  type RecordedCustomerEvent,
  toRecordedCustomerEvent,
} from "@crm/domain";
import {
  type CheckpointStore,
  type EventBatches,
  type EventStore,
  startEventBatches,
} from "@crm/event-store";
import type { CustomerCommandRunner } from "./runCustomerCommand.ts";

// Contract section 3: a referred lead credits its referrer with ReferralCredited,
// exactly once. The credit is decided against the referrer's own stream (a
// referral already credited is not credited again), so handling a batch again after a
// failure or a crash is harmless; the checkpoint only saves re-reading. Restarts after a
// failure are the shared subscriber runtime's (startEventBatches), as for every subscriber.

export const REFERRAL_REACTOR = "referral-reactor";
/** Most events are not referred leads: a batch is mostly read, rarely acted on. */
const BATCH_SIZE = 200;

export type ReferralReactor = Pick<EventBatches, "caughtUp" | "stop">;

const referredLead = (event: RecordedCustomerEvent | null) =>
  event?.type === "LeadCreated" && event.data.referredBy
    ? { ...event, referrerId: event.data.referredBy }
    : null;

export const startReferralReactor = (deps: {
  eventStore: EventStore;
  checkpoints: CheckpointStore;
  runCommand: CustomerCommandRunner;
  onError?: (error: unknown, retryInMs: number) => void;
}): ReferralReactor => {
  const credit = async (lead: NonNullable<ReturnType<typeof referredLead>>) => {
    try {
      await deps.runCommand(
        lead.referrerId,
        () => ({ type: "CreditReferral", referredCustomerId: lead.customerId, occurredAt: lead.occurredAt }),
        {
          actor: { id: REFERRAL_REACTOR, role: "system" },
          correlationId: lead.metadata.correlationId,
          commandId: lead.metadata.eventId,
          commandName: "creditReferral",
        },
      );
    } catch (error) {
      // The referrer was checked when the lead was created; if it is gone there is nothing to credit.
      if (!(error instanceof DomainError && error.code === "not_found")) throw error;
    }
  };

  return startEventBatches({
    name: REFERRAL_REACTOR,
    eventStore: deps.eventStore,
    checkpoints: deps.checkpoints,
    streamPrefix: CUSTOMER_STREAM_PREFIX,
    batchSize: BATCH_SIZE,
    handle: async (batch) => {
      for (const stored of batch) {
        const lead = stored.type === "LeadCreated" ? referredLead(toRecordedCustomerEvent(stored)) : null;
        if (lead) await credit(lead);
      }
    },
    ...(deps.onError ? { onError: deps.onError } : {}),
  });
};
