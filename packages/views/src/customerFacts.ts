import type { LeadSource, LostReason, Severity, Stage } from "@crm/domain";

// What the views need to know about one customer, kept as one read-model document
// (plain JSON, so it can be stored as a MongoDB document as is). Entries keep their
// business time, so every view can be answered for any asOf by cutting them at
// occurredAt <= asOf; each list is sorted by (occurredAt, revision), the order in
// which the contract folds a customer's events.

/** Bumped when the document's shape changes, so a projection knows to rebuild. */
export const CUSTOMER_FACTS_VERSION = 1;

/** Where an entry sits in the customer's business-time order. */
export type BusinessMoment = { occurredAt: string; revision: number };

export type OwnerEntry = BusinessMoment & { ownerId: string | null };

/** An expectedValue given at creation or on a stage move (a move without one keeps the old). */
export type ExpectedValueEntry = BusinessMoment & { expectedValue: number };

export type StageMoveEntry = BusinessMoment & {
  from: Stage;
  to: Stage;
  /** The first order's value on a move to `won`, else null. */
  amount: number | null;
  lostReason: LostReason | null;
};

export type InteractionEntry = BusinessMoment;

/** Orders are the `won` move (its amount) and every recorded purchase (contract section 1). */
export type OrderEntry = BusinessMoment & { kind: "win" | "purchase"; amount: number };

export type ComplaintEntry = {
  complaintId: string;
  /** Revision of the filing, to order complaints filed at the same instant. */
  revision: number;
  filedAt: string;
  severity: Severity;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  /** Given when the complaint is resolved; null until then or when none was paid. */
  compensation: number | null;
};

export type ReferralCreditEntry = BusinessMoment & { referredCustomerId: string };

/** Contract 9.1: the region from creation on, and every change of it, for filters at a past cut. */
export type RegionEntry = BusinessMoment & { region: string | null };

/** Contract 9.2: the survivor a duplicate was merged into, and when (business time). */
export type MergeEntry = { customerId: string; occurredAt: string };

export type CustomerFacts = {
  factsVersion: number;
  customerId: string;
  /** The stream revision of the last event applied: redeliveries at or below it change nothing. */
  revision: number;
  createdAt: string;
  source: LeadSource;
  region: string | null;
  /** The owner now (the latest known), which the views' ownerId filter matches. */
  ownerId: string | null;
  referredBy: string | null;
  owners: OwnerEntry[];
  expectedValues: ExpectedValueEntry[];
  stageMoves: StageMoveEntry[];
  interactions: InteractionEntry[];
  orders: OrderEntry[];
  complaints: ComplaintEntry[];
  referralCredits: ReferralCreditEntry[];
  /**
   * Contract 9.2, on a merged duplicate: for cuts at or after the merge its entries count for the
   * survivor (mergesAsOf.ts). Absent in documents written before merges existed: read as null.
   */
  mergedInto?: MergeEntry | null;
  /** Contract 9.1; absent in documents written before profile changes existed: `region` holds. */
  regions?: RegionEntry[];
};
