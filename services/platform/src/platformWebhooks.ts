import type { EventStore } from "@crm/event-store";
import type { ReadStore } from "@crm/read-store";
import { type RetrySchedule, startWebhooks } from "@crm/webhooks";
import { Counter } from "prom-client";
import type { PlatformOperations } from "./platformOperations.ts";

export type WebhookSettings = {
  /** Hosts a subscriber URL may name even though they are link-local (CRM_WEBHOOK_ALLOWED_HOSTS). */
  allowedHosts?: string[];
  /** The waits between attempts; the delivery package's schedule when absent (tests shorten it). */
  retry?: RetrySchedule;
};

/**
 * Contract section 11's webhooks in the API process, reporting to its metrics like every
 * subscriber. Signatures carry the wall-clock time, not the platform's clock: a receiver
 * checks webhook-timestamp against its own clock.
 */
export const startPlatformWebhooks = (deps: {
  eventStore: EventStore;
  readStore: ReadStore;
  operations: PlatformOperations;
  settings: WebhookSettings;
  onError: (error: unknown) => void;
}) => {
  const attempts = new Counter({
    name: "crm_webhook_deliveries_total",
    help: "Webhook delivery attempts by subscriber and outcome (delivered, or failed and to be retried).",
    labelNames: ["webhook", "outcome"] as const,
    registers: [deps.operations.registry],
  });
  return startWebhooks({
    eventStore: deps.eventStore,
    readStore: deps.readStore,
    policy: { allowedHosts: deps.settings.allowedHosts ?? [] },
    ...(deps.settings.retry ? { retry: deps.settings.retry } : {}),
    reportProgress: deps.operations.reportSubscriber,
    onAttempt: (webhook, outcome) => attempts.inc({ webhook, outcome }),
    onError: deps.onError,
  });
};
