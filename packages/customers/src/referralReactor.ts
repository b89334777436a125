import { CUSTOMER_STREAM_PREFIX, DomainError, toRecordedCustomerEvent } from "@crm/domain";
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
/** A credit is decided against the referrer's stream, so re-reading after a restart is harmless: the checkpoint only saves reading. */
const CHECKPOINT_EVERY = 200;

export type ReferralReactor = Pick<EventBatches, "caughtUp" | "stop">;

type Cause = { eventId: string; correlationId: string };

export const startReferralReactor = (deps: {
  eventStore: EventStore;
  checkpoints: CheckpointStore;
  runCommand: CustomerCommandRunner;
  onError?: (error: unknown, retryInMs: number) => void;
}): ReferralReactor => {
  const credit = async (
    referrerId: string,
    referredCustomerId: string,
    occurredAt: string,
    cause: Cause,
  ): Promise<void> => {
    try {
      await deps.runCommand(referrerId, () => ({ type: "CreditReferral", referredCustomerId, occurredAt }), {
        actor: { id: REFERRAL_REACTOR, role: "system" },
        correlationId: cause.correlationId,
        commandId: cause.eventId,
        commandName: "creditReferral",
      });
    } catch (error) {
      // Contract 9.2: a referrer merged into another customer lives on as its survivor, which is credited.
      const survivor =
        error instanceof DomainError && error.code === "merged" ? error.details?.mergedInto : null;
      if (typeof survivor === "string") return credit(survivor, referredCustomerId, occurredAt, cause);
      // The referrer was checked when the lead was created; if it is gone (or erased) there is nothing to credit.
      if (!(error instanceof DomainError && (error.code === "not_found" || error.code === "erased")))
        throw error;
    }
  };

  return startEventBatches({
    name: REFERRAL_REACTOR,
    eventStore: deps.eventStore,
    checkpoints: deps.checkpoints,
    streamPrefix: CUSTOMER_STREAM_PREFIX,
    batchSize: BATCH_SIZE,
    checkpointEvery: CHECKPOINT_EVERY,
    handle: async (batch) => {
      for (const stored of batch) {
        const event = stored.type === "LeadCreated" ? toRecordedCustomerEvent(stored) : null;
        if (event?.type === "LeadCreated" && event.data.referredBy)
          await credit(event.data.referredBy, event.customerId, event.occurredAt, event.metadata);
      }
    },
    ...(deps.onError ? { onError: deps.onError } : {}),
  });
};
