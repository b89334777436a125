import type { CustomerEventOf, RecordedCustomerEvent } from "@crm/domain";
import { inBusinessOrder, insertInBusinessOrder, insertSorted } from "./businessTime.ts";
import { type ComplaintEntry, CUSTOMER_FACTS_VERSION, type CustomerFacts } from "./customerFacts.ts";

// The read model's one writer. A customer's events arrive in revision order but
// delivery is at least once (contract section 6), so an event at or below the
// document's revision is a redelivery and changes nothing.

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
  return { ...withEvent(facts, event), revision: event.revision };
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

const withEvent = (facts: CustomerFacts, event: RecordedCustomerEvent): CustomerFacts => {
  const moment = { occurredAt: event.occurredAt, revision: event.revision };
  switch (event.type) {
    case "LeadCreated":
      throw new Error(`customer ${facts.customerId}: a second LeadCreated at revision ${event.revision}`);
    case "StageAdvanced": {
      const { from, to, amount, lostReason, expectedValue } = event.data;
      const next: CustomerFacts = {
        ...facts,
        stageMoves: insertInBusinessOrder(facts.stageMoves, { ...moment, from, to, amount, lostReason }),
      };
      if (expectedValue !== null)
        next.expectedValues = insertInBusinessOrder(facts.expectedValues, { ...moment, expectedValue });
      if (to === "won")
        next.orders = insertInBusinessOrder(facts.orders, { ...moment, kind: "win", amount: amount ?? 0 });
      return next;
    }
    case "PurchaseRecorded":
      return {
        ...facts,
        orders: insertInBusinessOrder(facts.orders, {
          ...moment,
          kind: "purchase",
          amount: event.data.amount,
        }),
      };
    case "InteractionLogged":
      return { ...facts, interactions: insertInBusinessOrder(facts.interactions, moment) };
    case "OwnerAssigned":
      return {
        ...facts,
        ownerId: event.data.ownerId,
        owners: insertInBusinessOrder(facts.owners, { ...moment, ownerId: event.data.ownerId }),
      };
    case "ReferralCredited":
      return {
        ...facts,
        referralCredits: insertInBusinessOrder(facts.referralCredits, {
          ...moment,
          referredCustomerId: event.data.referredCustomerId,
        }),
      };
    case "ComplaintFiled":
      return {
        ...facts,
        complaints: insertComplaint(facts.complaints, {
          complaintId: event.data.complaintId,
          revision: event.revision,
          filedAt: event.occurredAt,
          severity: event.data.severity,
          acknowledgedAt: null,
          resolvedAt: null,
          compensation: null,
        }),
      };
    case "ComplaintAcknowledged":
      return updateComplaint(facts, event.data.complaintId, { acknowledgedAt: event.occurredAt });
    case "ComplaintResolved":
      return updateComplaint(facts, event.data.complaintId, {
        resolvedAt: event.occurredAt,
        compensation: event.data.compensation,
      });
    // Contract section 10: consent and erasure change no figure of any view.
    case "ConsentRecorded":
    case "PersonalDataErased":
      return facts;
    // contract 9.1 / 9.2
    case "ProfileUpdated": {
      const region = event.data.changes.region;
      if (region === undefined) return facts;
      // A document from before profile changes existed still has its creation region only.
      const regions = facts.regions ?? [{ occurredAt: facts.createdAt, revision: 0, region: facts.region }];
      return {
        ...facts,
        region: region.to,
        regions: insertInBusinessOrder(regions, { ...moment, region: region.to }),
      };
    }
    case "MergedInto":
      return { ...facts, mergedInto: { customerId: event.data.customerId, occurredAt: event.occurredAt } };
    case "CustomerMerged":
    case "DuplicateDismissed":
    // Contract 9.4: follow-ups are the work list's (customerFollowUps) and activity's, not the four views'.
    case "FollowUpScheduled":
    case "FollowUpCompleted":
      return facts;
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
  facts: CustomerFacts,
  complaintId: string,
  change: Partial<Pick<ComplaintEntry, "acknowledgedAt" | "resolvedAt" | "compensation">>,
): CustomerFacts => ({
  ...facts,
  complaints: facts.complaints.map((entry) =>
    entry.complaintId === complaintId ? { ...entry, ...change } : entry,
  ),
});
