import { FUNNEL_STAGES, type FunnelStage, type Stage } from "@crm/domain";
import type { Fact } from "./oracleFacts.ts";

// One customer folded from its facts (already in business order), written from the
// contract's words (sections 1 and 5).

export type Complaint = {
  filedAt: number;
  severity: string;
  acknowledgedAt: number | null;
  resolvedAt: number | null;
  compensation: number;
};

export type CustomerNow = {
  customerId: string;
  createdAt: number;
  source: string;
  region: string | null;
  ownerId: string | null;
  stage: Stage;
  /** Highest funnel stage ever reached, by order (lost is not in the order). */
  highest: FunnelStage;
  everWon: boolean;
  /** The stage of the latest loss move. */
  lostFrom: Stage | null;
  expectedValue: number | null;
  latestWinAmount: number | null;
  orders: Array<{ at: number; amount: number }>;
  referrals: number;
  complaints: Map<string, Complaint>;
};

const rank = (stage: Stage): number => FUNNEL_STAGES.indexOf(stage as FunnelStage);

export const fold = (customerId: string, facts: readonly Fact[]): CustomerNow | null => {
  let customer: CustomerNow | null = null;
  for (const fact of facts) {
    if (fact.type === "LeadCreated") {
      const { at, source, region, ownerId, expectedValue } = fact;
      customer = {
        customerId,
        createdAt: at,
        source,
        region,
        ownerId,
        stage: "lead",
        highest: "lead",
        everWon: false,
        lostFrom: null,
        expectedValue,
        latestWinAmount: null,
        orders: [],
        referrals: 0,
        complaints: new Map(),
      };
      continue;
    }
    if (customer === null) continue;
    switch (fact.type) {
      case "StageAdvanced":
        customer.stage = fact.to;
        if (fact.to !== "lost" && rank(fact.to) > rank(customer.highest))
          customer.highest = fact.to as FunnelStage;
        if (fact.expectedValue !== null) customer.expectedValue = fact.expectedValue;
        if (fact.to === "lost") customer.lostFrom = fact.from;
        if (fact.to === "won") {
          customer.everWon = true;
          customer.latestWinAmount = fact.amount;
          customer.orders.push({ at: fact.at, amount: fact.amount ?? 0 });
        }
        break;
      case "PurchaseRecorded":
        customer.orders.push({ at: fact.at, amount: fact.amount });
        break;
      case "OwnerAssigned":
        customer.ownerId = fact.ownerId;
        break;
      case "ReferralCredited":
        customer.referrals += 1;
        break;
      case "ComplaintFiled":
        customer.complaints.set(fact.complaintId, {
          filedAt: fact.at,
          severity: fact.severity,
          acknowledgedAt: null,
          resolvedAt: null,
          compensation: 0,
        });
        break;
      case "ComplaintAcknowledged": {
        const complaint = customer.complaints.get(fact.complaintId);
        if (complaint) complaint.acknowledgedAt = fact.at;
        break;
      }
      case "ComplaintResolved": {
        const complaint = customer.complaints.get(fact.complaintId);
        if (complaint) {
          complaint.resolvedAt = fact.at;
          complaint.compensation = fact.compensation ?? 0;
        }
        break;
      }
      case "ProfileUpdated":
        if (fact.region !== undefined) customer.region = fact.region;
        break;
      case "InteractionLogged":
      case "FollowUpScheduled":
      case "FollowUpCompleted":
      case "CustomerMerged":
      case "MergedInto":
        break;
    }
  }
  return customer;
};

/** Section 1, first match wins. */
export const lifecycleOf = (customer: CustomerNow): string => {
  if (customer.stage === "lost") return customer.everWon ? "churned" : "lost";
  if (customer.stage !== "won") return "prospect";
  if (customer.referrals > 0) return "advocate";
  if (customer.orders.length >= 2) return "repeat";
  return "customer";
};
