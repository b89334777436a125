import type { CustomerEventMessage } from "@crm/event-contracts";
import { Webhook } from "standardwebhooks";

// One delivery: the event in the topic's message shape, signed per Standard Webhooks
// (webhook-id, webhook-timestamp, webhook-signature: HMAC-SHA256 over id.timestamp.body).
// webhook-id is the eventId, the same on every attempt, so a receiver de-duplicates on it.

/** A receiver that has not answered by then is counted as failed and tried again. */
const DELIVERY_TIMEOUT_MS = 10_000;

export type DeliveryAnswer =
  | { delivered: true }
  | { delivered: false; status: number | null; reason: string };

export const deliverSigned = async (
  url: string,
  secret: string,
  message: CustomerEventMessage,
  options: { now: Date; signal: AbortSignal },
): Promise<DeliveryAnswer> => {
  const body = JSON.stringify(message);
  const signature = new Webhook(secret).sign(message.eventId, options.now, body);
  try {
    const response = await fetch(url, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "webhook-id": message.eventId,
        "webhook-timestamp": String(Math.floor(options.now.getTime() / 1_000)),
        "webhook-signature": signature,
      },
      // A redirect could lead anywhere, the metadata service included: it counts as a failure.
      redirect: "manual",
      signal: AbortSignal.any([options.signal, AbortSignal.timeout(DELIVERY_TIMEOUT_MS)]),
    });
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) return { delivered: true };
    return { delivered: false, status: response.status, reason: `answered ${response.status}` };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    return { delivered: false, status: null, reason: cause instanceof Error ? cause.message : String(cause) };
  }
};
