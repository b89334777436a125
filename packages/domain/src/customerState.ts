import type { CustomerEvent, EventData } from "./events.ts";
import type { FollowUpStatus } from "./followUpRules.ts";
import { roundMoney } from "./money.ts";
import { type Consents, noConsents } from "./personalData.ts";
import { activeSinceAfter } from "./poolRules.ts";
import type { Stage } from "./stages.ts";
import type { Severity } from "./vocabulary.ts";

export type ComplaintStatus = "filed" | "acknowledged" | "resolved";

export type ComplaintState = {
  complaintId: string;
  severity: Severity;
  status: ComplaintStatus;
  filedAt: string;
};

export type CustomerProfile = Omit<EventData<"LeadCreated">, "schemaVersion" | "ownerId" | "expectedValue">;

export type Customer = {
  profile: CustomerProfile;
  createdAt: string;
  stage: Stage;
  everWon: boolean;
  ownerId: string | null;
  expectedValue: number | null;
  orders: number;
  revenue: number;
  orderIds: ReadonlySet<string>;
  complaints: ReadonlyMap<string, ComplaintState>;
  creditedReferrals: ReadonlySet<string>;
  /** The latest business time among the customer's events: later commands may not go before it. */
  latestOccurredAt: string;
  /** Contract 10.2: the latest decision per purpose. */
  consents: Consents;
  /** Contract 10.1: once erased, every further command is refused. */
  erased: boolean;
  // Contract 9.3 / 9.4 (pool, follow-ups)
  /** Where the current idle period started: the latest activity or the start of the ownership. */
  activeSince: string;
  followUps: ReadonlyMap<string, FollowUpStatus>;
  // end 9.3 / 9.4
  /** Contract 9.2: the survivor this customer was merged into; it then takes no more commands. */
  mergedInto: string | null;
  /** Contract 9.2: the duplicates this customer absorbed. */
  mergedDuplicates: ReadonlySet<string>;
  /** Contract 9.2: candidates this customer was judged not to duplicate. */
  dismissedCandidates: ReadonlySet<string>;
};

/** Before the lead exists there is nothing to fold into. */
export type CustomerState = Customer | null;

export const initialCustomerState = (): CustomerState => null;

const laterOf = (a: string, b: string): string => (Date.parse(a) >= Date.parse(b) ? a : b);

export const evolveCustomer = (state: CustomerState, event: CustomerEvent): CustomerState => {
  if (event.type === "LeadCreated") return fromLeadCreated(event.data, event.occurredAt);
  if (state === null) return state;
  const next: Customer = {
    ...state,
    latestOccurredAt: laterOf(state.latestOccurredAt, event.occurredAt),
    activeSince: activeSinceAfter(state.activeSince, event),
  };
  switch (event.type) {
    case "StageAdvanced": {
      const { to, amount, expectedValue } = event.data;
      next.stage = to;
      if (expectedValue !== null) next.expectedValue = expectedValue;
      if (to === "won") {
        next.everWon = true;
        next.orders += 1;
        next.revenue = roundMoney(next.revenue + (amount ?? 0));
      }
      return next;
    }
    case "PurchaseRecorded":
      next.orders += 1;
      next.revenue = roundMoney(next.revenue + event.data.amount);
      next.orderIds = new Set([...state.orderIds, event.data.orderId]);
      return next;
    case "OwnerAssigned":
      next.ownerId = event.data.ownerId;
      return next;
    case "ComplaintFiled":
      next.complaints = new Map(state.complaints).set(event.data.complaintId, {
        complaintId: event.data.complaintId,
        severity: event.data.severity,
        status: "filed",
        filedAt: event.occurredAt,
      });
      return next;
    case "ComplaintAcknowledged":
    case "ComplaintResolved": {
      const complaint = state.complaints.get(event.data.complaintId);
      if (!complaint) return next;
      const status = event.type === "ComplaintAcknowledged" ? "acknowledged" : "resolved";
      next.complaints = new Map(state.complaints).set(complaint.complaintId, { ...complaint, status });
      return next;
    }
    case "ReferralCredited":
      next.creditedReferrals = new Set([...state.creditedReferrals, event.data.referredCustomerId]);
      return next;
    case "InteractionLogged":
      return next;
    case "ConsentRecorded": {
      const { purpose, granted, source } = event.data;
      next.consents = { ...state.consents, [purpose]: { granted, source, occurredAt: event.occurredAt } };
      return next;
    }
    case "PersonalDataErased":
      next.erased = true;
      return next;
    // Contract 9.4 (follow-ups)
    case "FollowUpScheduled":
      next.followUps = new Map(state.followUps).set(event.data.followUpId, "open");
      return next;
    case "FollowUpCompleted":
      if (!state.followUps.has(event.data.followUpId)) return next;
      next.followUps = new Map(state.followUps).set(event.data.followUpId, "done");
      return next;
    // end 9.4
    // contract 9.1 / 9.2
    case "ProfileUpdated": {
      const profile: Record<string, unknown> = { ...state.profile };
      for (const [field, { to }] of Object.entries(event.data.changes)) profile[field] = to;
      next.profile = profile as CustomerProfile;
      return next;
    }
    case "CustomerMerged":
      next.mergedDuplicates = new Set([...state.mergedDuplicates, event.data.duplicateId]);
      return next;
    case "MergedInto":
      next.mergedInto = event.data.customerId;
      return next;
    case "DuplicateDismissed":
      next.dismissedCandidates = new Set([...state.dismissedCandidates, event.data.candidateId]);
      return next;
  }
};

const fromLeadCreated = (data: EventData<"LeadCreated">, occurredAt: string): Customer => {
  const { schemaVersion: _version, ownerId, expectedValue, ...profile } = data;
  return {
    profile,
    createdAt: occurredAt,
    stage: "lead",
    everWon: false,
    ownerId,
    expectedValue,
    orders: 0,
    revenue: 0,
    orderIds: new Set(),
    complaints: new Map(),
    creditedReferrals: new Set(),
    latestOccurredAt: occurredAt,
    consents: noConsents(),
    erased: false,
    activeSince: occurredAt,
    followUps: new Map(),
    mergedInto: null,
    mergedDuplicates: new Set(),
    dismissedCandidates: new Set(),
  };
};

const creationFirst = (a: CustomerEvent, b: CustomerEvent): number =>
  Number(b.type === "LeadCreated") - Number(a.type === "LeadCreated");

/**
 * Folds a customer's events in business-time order (occurredAt, then revision),
 * as the contract's views do, so a late-appended referral credit lands where it happened.
 * The creation comes first whatever its date: a referral credit carries the referred lead's
 * occurredAt, which may lie before the referrer was entered (a back-dated lead); folded before
 * the creation it would be dropped, and the reactor would decide to credit it again.
 */
export const foldCustomer = (events: ReadonlyArray<CustomerEvent & { revision: number }>): CustomerState =>
  [...events]
    .sort(
      (a, b) =>
        creationFirst(a, b) || Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || a.revision - b.revision,
    )
    .reduce(evolveCustomer, initialCustomerState());
