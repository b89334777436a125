import { randomBytes, randomUUID } from "node:crypto";
import type { ReadStore } from "@crm/read-store";

// Registrations are kept in a collection of the read store beside the read models (the
// SQLite file, or MongoDB in the distributed setup): durable, and no rebuild touches them,
// because they are no projection of the events.

export const WEBHOOK_SUBSCRIBERS = "webhook_subscribers";

export type WebhookSubscriber = {
  _id: string;
  url: string;
  /** Event types delivered; every customer event when null. */
  types: string[] | null;
  /** Standard Webhooks secret: `whsec_` and the base64 of the key. */
  secret: string;
  createdAt: string;
  createdBy: string;
};

/** A fresh secret in the Standard Webhooks form (a 32-byte key). */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString("base64")}`;

/** The checkpoint name of a subscriber: each has its own, so one slow receiver holds back no other. */
export const webhookCheckpointName = (webhookId: string): string => `webhook:${webhookId}`;

export const webhookSubscribers = (readStore: ReadStore) => {
  const collection = () => readStore.collection<WebhookSubscriber>(WEBHOOK_SUBSCRIBERS);
  return {
    add: async (registration: Omit<WebhookSubscriber, "_id">): Promise<WebhookSubscriber> => {
      const subscriber = { _id: randomUUID(), ...registration };
      await collection().putMany([subscriber]);
      return subscriber;
    },
    get: async (webhookId: string): Promise<WebhookSubscriber | undefined> =>
      (await collection().getMany([webhookId])).get(webhookId),
    all: (): Promise<WebhookSubscriber[]> => collection().all(),
  };
};

export type WebhookSubscribers = ReturnType<typeof webhookSubscribers>;
