export * from "./deliveryFailures.ts";
export * from "./deliveryRetries.ts";
export * from "./subscriberAddress.ts";
export * from "./subscribers.ts";
export * from "./webhookDelivery.ts";
export * from "./webhooks.ts";
