import { applyToActivity, CUSTOMER_ACTIVITY_VERSION, type CustomerActivity } from "@crm/views";
import type { Projection } from "./projection.ts";

export type CustomerActivityDocument = CustomerActivity & { _id: string };

/** What the activity view (contract 9.6) reads: the work recorded on each customer, with its actor. */
export const customerActivityProjection: Projection<CustomerActivityDocument> = {
  collection: `customer_activity_v${CUSTOMER_ACTIVITY_VERSION}`,
  apply: (document, event) => {
    const activity = applyToActivity(document, event);
    if (activity === document) return document;
    // Activity folded from a document is a copy of it, its _id with it: only a new one lacks it.
    return document === null
      ? { ...activity, _id: activity.customerId }
      : (activity as CustomerActivityDocument);
  },
};
