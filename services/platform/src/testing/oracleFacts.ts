import type { Stage } from "@crm/domain";
import type { SentCommand } from "./sendHistory.ts";

// The oracle's input, taken from the client's own record of what it sent (not from
// the platform): each customer's facts in business order, named like the contract's
// events. The referral credit the platform appends on its own is added here where
// contract section 3 puts it: on the referrer, at the referred lead's occurredAt.

export type Fact = { at: number; sequence: number; actor: { id: string; role: string } } & (
  | {
      type: "LeadCreated";
      source: string;
      region: string | null;
      ownerId: string | null;
      expectedValue: number | null;
    }
  | {
      type: "StageAdvanced";
      from: Stage;
      to: Stage;
      amount: number | null;
      lostReason: string | null;
      expectedValue: number | null;
    }
  | { type: "InteractionLogged" }
  | { type: "ComplaintFiled"; complaintId: string; severity: string }
  | { type: "ComplaintAcknowledged"; complaintId: string }
  | { type: "ComplaintResolved"; complaintId: string; compensation: number | null }
  | { type: "PurchaseRecorded"; amount: number }
  | { type: "OwnerAssigned"; ownerId: string | null }
  | { type: "ReferralCredited"; referredCustomerId: string }
  // contract 9.1 / 9.2
  | { type: "ProfileUpdated"; region?: string | null }
  | { type: "CustomerMerged"; duplicateId: string }
  | { type: "MergedInto"; survivorId: string }
  // Contract 9.4
  | { type: "FollowUpScheduled"; followUpId: string }
  | { type: "FollowUpCompleted"; followUpId: string }
);

const REFERRAL_REACTOR = { id: "referral-reactor", role: "system" };

export type CustomerFacts = { customerId: string; facts: Fact[] };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const numberOrNull = (value: unknown): number | null => (typeof value === "number" ? value : null);
const stringOrNull = (value: unknown): string | null => (typeof value === "string" ? value : null);

export const factsFromClientRecord = (sent: readonly SentCommand[]): CustomerFacts[] => {
  const byCustomer = new Map<string, Fact[]>();
  const stageOf = new Map<string, Stage>();
  const ownerOf = new Map<string, string | null>();
  const regionOf = new Map<string, string | null>();
  let actorOfCommand = REFERRAL_REACTOR;
  const add = (customerId: string, fact: DistributiveOmit<Fact, "actor"> & { actor?: Fact["actor"] }) => {
    const facts = byCustomer.get(customerId) ?? [];
    facts.push({ actor: actorOfCommand, ...fact } as Fact);
    byCustomer.set(customerId, facts);
  };
  for (const { customerId, command, body, sequence: order, complaintId, followUpId, actor } of sent) {
    // Every fact names who caused it (the activity view counts by actor).
    const sequence = order;
    actorOfCommand = actor;
    const at = Date.parse(body.occurredAt);
    switch (command) {
      case "createLead": {
        const ownerId = stringOrNull(body.ownerId);
        stageOf.set(customerId, "lead");
        ownerOf.set(customerId, ownerId);
        const region = stringOrNull(body.region);
        regionOf.set(customerId, region);
        const expectedValue = numberOrNull(body.expectedValue);
        add(customerId, {
          at,
          sequence,
          type: "LeadCreated",
          source: body.source as string,
          region,
          ownerId,
          expectedValue,
        });
        if (typeof body.referredBy === "string")
          // Appended later than anything sent before it, so it sorts last among equal instants.
          add(body.referredBy, {
            at,
            sequence: sent.length + sequence,
            type: "ReferralCredited",
            referredCustomerId: customerId,
            actor: REFERRAL_REACTOR,
          });
        break;
      }
      case "advanceStage": {
        const to = body.stage as Stage;
        const from = stageOf.get(customerId) as Stage;
        stageOf.set(customerId, to);
        add(customerId, {
          at,
          sequence,
          type: "StageAdvanced",
          from,
          to,
          amount: numberOrNull(body.amount),
          lostReason: stringOrNull(body.lostReason),
          expectedValue: numberOrNull(body.expectedValue),
        });
        break;
      }
      case "logInteraction":
        add(customerId, { at, sequence, type: "InteractionLogged" });
        break;
      case "fileComplaint":
        add(customerId, {
          at,
          sequence,
          type: "ComplaintFiled",
          complaintId: complaintId as string,
          severity: body.severity as string,
        });
        break;
      case "acknowledgeComplaint":
        add(customerId, { at, sequence, type: "ComplaintAcknowledged", complaintId: complaintId as string });
        break;
      case "resolveComplaint": {
        const compensation = numberOrNull(body.compensation);
        add(customerId, {
          at,
          sequence,
          type: "ComplaintResolved",
          complaintId: complaintId as string,
          compensation,
        });
        break;
      }
      case "recordPurchase":
        add(customerId, { at, sequence, type: "PurchaseRecorded", amount: body.amount as number });
        break;
      case "assignOwner": {
        const ownerId = stringOrNull(body.ownerId);
        // Assigning the owner a customer already has records nothing.
        if (ownerOf.get(customerId) === ownerId) break;
        ownerOf.set(customerId, ownerId);
        add(customerId, { at, sequence, type: "OwnerAssigned", ownerId });
        break;
      }
      // Contract 9.1: only a change is recorded; the generator always changes something.
      case "updateProfile": {
        const region = body.region === undefined ? undefined : stringOrNull(body.region);
        const changesRegion = region !== undefined && region !== regionOf.get(customerId);
        if (changesRegion) regionOf.set(customerId, region);
        add(customerId, { at, sequence, type: "ProfileUpdated", ...(changesRegion ? { region } : {}) });
        break;
      }
      // Contract 9.2: MergedInto on the duplicate, CustomerMerged on the survivor, both at the merge's date.
      case "mergeCustomer": {
        const duplicateId = body.duplicateId as string;
        add(duplicateId, { at, sequence, type: "MergedInto", survivorId: customerId });
        add(customerId, { at, sequence: sequence + 0.5, type: "CustomerMerged", duplicateId });
        break;
      }
      // Contract 9.3 / 9.4: a claim makes the caller the owner, a release empties it.
      case "claimCustomer":
        ownerOf.set(customerId, actor.id);
        add(customerId, { at, sequence, type: "OwnerAssigned", ownerId: actor.id });
        break;
      case "releaseCustomer":
        ownerOf.set(customerId, null);
        add(customerId, { at, sequence, type: "OwnerAssigned", ownerId: null });
        break;
      case "scheduleFollowUp":
        add(customerId, { at, sequence, type: "FollowUpScheduled", followUpId: followUpId as string });
        break;
      case "completeFollowUp":
        add(customerId, { at, sequence, type: "FollowUpCompleted", followUpId: followUpId as string });
        break;
    }
  }
  return [...byCustomer].map(([customerId, facts]) => ({
    customerId,
    // Section 5: business-time order, occurredAt then revision.
    facts: facts.sort((a, b) => a.at - b.at || a.sequence - b.sequence),
  }));
};
