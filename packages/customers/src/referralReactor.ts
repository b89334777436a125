import { CUSTOMER_STREAM_PREFIX, DomainError, toRecordedCustomerEvent } from "@crm/domain";
import type { CheckpointStore, EventStore, EventSubscription } from "@crm/event-store";
import type { CustomerCommandRunner } from "./runCustomerCommand.ts";

// Contract section 3: a referred lead credits its referrer with ReferralCredited,
// exactly once. The credit is decided against the referrer's own stream (a
// referral already credited is not credited again), so replaying from an older
// checkpoint after a crash is harmless; the checkpoint only saves re-reading.

export const REFERRAL_REACTOR = "referral-reactor";
const CHECKPOINT_EVERY = 200;
const RESTART_DELAY_MS = 1_000;

export type ReferralReactor = { stop(): Promise<void>; caughtUp: Promise<void> };

export const startReferralReactor = (deps: {
  eventStore: EventStore;
  checkpoints: CheckpointStore;
  runCommand: CustomerCommandRunner;
  onError?: (error: unknown) => void;
}): ReferralReactor => {
  let subscription: EventSubscription | undefined;
  let stopped = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let markCaughtUp: () => void = () => undefined;
  const caughtUp = new Promise<void>((resolve) => {
    markCaughtUp = resolve;
  });

  const start = async () => {
    let sinceCheckpoint = 0;
    const after = await deps.checkpoints.read(REFERRAL_REACTOR);
    if (stopped) return;
    subscription = deps.eventStore.subscribeToAll(
      async (stored) => {
        const event = stored.type === "LeadCreated" ? toRecordedCustomerEvent(stored) : null;
        if (event?.type === "LeadCreated" && event.data.referredBy) {
          await credit(event.data.referredBy, event.customerId, event.occurredAt, event.metadata);
          sinceCheckpoint = CHECKPOINT_EVERY;
        }
        if (++sinceCheckpoint >= CHECKPOINT_EVERY) {
          await deps.checkpoints.store(REFERRAL_REACTOR, stored.position);
          sinceCheckpoint = 0;
        }
      },
      {
        ...(after === undefined ? {} : { after }),
        streamPrefix: CUSTOMER_STREAM_PREFIX,
        onCaughtUp: markCaughtUp,
        onError: (error) => {
          deps.onError?.(error);
          if (!stopped) restartTimer = setTimeout(() => void start().catch(deps.onError), RESTART_DELAY_MS);
        },
      },
    );
  };

  const credit = async (
    referrerId: string,
    referredCustomerId: string,
    occurredAt: string,
    cause: { eventId: string; correlationId: string },
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
      // The referrer was checked when the lead was created; if it is gone there is nothing to credit.
      if (!(error instanceof DomainError && error.code === "not_found")) throw error;
    }
  };

  void start().catch(deps.onError);
  return {
    caughtUp,
    stop: async () => {
      stopped = true;
      clearTimeout(restartTimer);
      await subscription?.stop();
    },
  };
};
