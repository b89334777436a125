import type { CustomerEventOf, RecordedCustomerEvent } from "@crm/domain";
import { inBusinessOrder, insertInBusinessOrder, insertSorted } from "./businessTime.ts";
import { type ComplaintEntry, CUSTOMER_FACTS_VERSION, type CustomerFacts } from "./customerFacts.ts";

// The read model's one writer. A customer's events arrive in revision order but
// delivery is at least once (contract section 6), so an event at or below the
// document's revision is a redelivery and changes nothing.

/**
 * The facts after one event. A document given with more fields (a read model's `_id`) keeps them:
 * the next facts are a copy of it, one per event, which the event's change is then written into.
 */
export const applyToFacts = (facts: CustomerFacts | null, event: RecordedCustomerEvent): CustomerFacts => {
  if (facts === null) {
    if (event.type !== "LeadCreated")
      throw new Error(
        `customer ${event.customerId}: ${event.type} at revision ${event.revision} before its LeadCreated`,
      );
    return factsOfNewLead(event);
  }
  if (event.customerId !== facts.customerId)
    throw new Error(`event of customer ${event.customerId} applied to the facts of ${facts.customerId}`);
  if (event.revision <= facts.revision) return facts;
  const next = { ...facts, revision: event.revision };
  withEvent(next, event);
  return next;
};

const factsOfNewLead = (event: CustomerEventOf<"LeadCreated"> & RecordedCustomerEvent): CustomerFacts => {
  const { occurredAt, revision, data } = event;
  return {
    factsVersion: CUSTOMER_FACTS_VERSION,
    customerId: event.customerId,
    revision,
    createdAt: occurredAt,
    source: data.source,
    region: data.region,
    ownerId: data.ownerId,
    referredBy: data.referredBy,
    owners: [{ occurredAt, revision, ownerId: data.ownerId }],
    expectedValues:
      data.expectedValue === null ? [] : [{ occurredAt, revision, expectedValue: data.expectedValue }],
    stageMoves: [],
    interactions: [],
    orders: [],
    complaints: [],
    referralCredits: [],
    mergedInto: null,
    regions: [{ occurredAt, revision, region: data.region }],
  };
};

/**
 * Writes the event's change into `next`, a copy made for this event alone (a replay folds a
 * million events: one object per event, not one per field changed). Lists are never changed in
 * place: the document they were copied from may be held by others (the store's memory, a view).
 */
const withEvent = (next: CustomerFacts, event: RecordedCustomerEvent): void => {
  const moment = { occurredAt: event.occurredAt, revision: event.revision };
  switch (event.type) {
    case "LeadCreated":
      throw new Error(`customer ${next.customerId}: a second LeadCreated at revision ${event.revision}`);
    case "StageAdvanced": {
      const { from, to, amount, lostReason, expectedValue } = event.data;
      next.stageMoves = insertInBusinessOrder(next.stageMoves, { ...moment, from, to, amount, lostReason });
      if (expectedValue !== null)
        next.expectedValues = insertInBusinessOrder(next.expectedValues, { ...moment, expectedValue });
      if (to === "won")
        next.orders = insertInBusinessOrder(next.orders, { ...moment, kind: "win", amount: amount ?? 0 });
      return;
    }
    case "PurchaseRecorded":
      next.orders = insertInBusinessOrder(next.orders, {
        ...moment,
        kind: "purchase",
        amount: event.data.amount,
      });
      return;
    case "InteractionLogged":
      next.interactions = insertInBusinessOrder(next.interactions, moment);
      return;
    case "OwnerAssigned":
      next.ownerId = event.data.ownerId;
      next.owners = insertInBusinessOrder(next.owners, { ...moment, ownerId: event.data.ownerId });
      return;
    case "ReferralCredited":
      next.referralCredits = insertInBusinessOrder(next.referralCredits, {
        ...moment,
        referredCustomerId: event.data.referredCustomerId,
      });
      return;
    case "ComplaintFiled":
      next.complaints = insertComplaint(next.complaints, {
        complaintId: event.data.complaintId,
        revision: event.revision,
        filedAt: event.occurredAt,
        severity: event.data.severity,
        acknowledgedAt: null,
        resolvedAt: null,
        compensation: null,
      });
      return;
    case "ComplaintAcknowledged":
      next.complaints = updateComplaint(next.complaints, event.data.complaintId, {
        acknowledgedAt: event.occurredAt,
      });
      return;
    case "ComplaintResolved":
      next.complaints = updateComplaint(next.complaints, event.data.complaintId, {
        resolvedAt: event.occurredAt,
        compensation: event.data.compensation,
      });
      return;
    // Contract section 10: consent and erasure change no figure of any view.
    case "ConsentRecorded":
    case "PersonalDataErased":
      return;
    // contract 9.1 / 9.2
    case "ProfileUpdated": {
      const region = event.data.changes.region;
      if (region === undefined) return;
      // A document from before profile changes existed still has its creation region only.
      const regions = next.regions ?? [{ occurredAt: next.createdAt, revision: 0, region: next.region }];
      next.region = region.to;
      next.regions = insertInBusinessOrder(regions, { ...moment, region: region.to });
      return;
    }
    case "MergedInto":
      next.mergedInto = { customerId: event.data.customerId, occurredAt: event.occurredAt };
      return;
    case "CustomerMerged":
    case "DuplicateDismissed":
    // Contract 9.4: follow-ups are the work list's (customerFollowUps) and activity's, not the four views'.
    case "FollowUpScheduled":
    case "FollowUpCompleted":
      return;
  }
};

const insertComplaint = (complaints: readonly ComplaintEntry[], complaint: ComplaintEntry) =>
  insertSorted(complaints, complaint, (a, b) =>
    inBusinessOrder(
      { occurredAt: a.filedAt, revision: a.revision },
      { occurredAt: b.filedAt, revision: b.revision },
    ),
  );

/** The decider refuses an unknown complaintId, so one here changes nothing rather than inventing a complaint. */
const updateComplaint = (
  complaints: readonly ComplaintEntry[],
  complaintId: string,
  change: Partial<Pick<ComplaintEntry, "acknowledgedAt" | "resolvedAt" | "compensation">>,
): ComplaintEntry[] =>
  complaints.map((entry) => (entry.complaintId === complaintId ? { ...entry, ...change } : entry));
