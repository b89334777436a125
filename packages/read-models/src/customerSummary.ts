import {
  type ConsentPurpose,
  ERASED_NAME,
  type LeadSource,
  type LifecycleStage,
  lifecycleOf,
  normalizeText,
  type RecordedCustomerEvent,
  roundMoney,
  type Stage,
} from "@crm/domain";
import type { IndexDeclaration } from "@crm/read-store";
import type { Projection } from "./projection.ts";

// The customer as search and export show it (contract section 5, `customer:`).
// Folded in revision order: the facts it holds do not depend on the business-time
// reordering that late referral credits and back-dated interactions need.

export type CustomerSummary = {
  _id: string;
  customerId: string;
  name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  source: LeadSource;
  region: string | null;
  industry: string | null;
  /** Contract 9.6 filter: a headcount or a band as given (absent in documents projected before it). */
  companySize?: number | string | null;
  tags: string[];
  ownerId: string | null;
  stage: Stage;
  lifecycle: LifecycleStage;
  everWon: boolean;
  expectedValue: number | null;
  orders: number;
  revenue: number;
  referrals: number;
  referredCustomerIds: string[];
  openComplaintIds: string[];
  openComplaints: number;
  revision: number;
  createdAt: string;
  /** Contract 10.2: whether the latest decision per purpose granted it (absent: never asked). */
  consents?: Partial<Record<ConsentPurpose, boolean>>;
  /** Contract 9.2: the survivor this customer was merged into (absent in documents from before merges). */
  mergedInto?: string | null;
  /** What search matches and orders on, kept by the projection so the store can answer. */
  queryKeys: QueryKeys;
};

type QueryKeys = {
  /**
   * name, company, email, phone and tags, each folded as `q` is (NFKC, lower case, no
   * punctuation), joined by `|`, which folding removes from q: a q found here is inside one field.
   */
  text: string;
  /** The phone's digits, for a q of digits written with other separators. */
  phoneDigits: string;
  /** createdAt as milliseconds: the order of instants written with any offset. */
  createdAtMs: number;
};

export const digitsOf = (text: string) => text.normalize("NFKC").replace(/\D/g, "");

const queryKeysOf = (summary: Summary): QueryKeys => ({
  text: [summary.name, summary.company, summary.email, summary.phone, ...summary.tags]
    .flatMap((field) => (field ? [normalizeText(field)] : []))
    .join("|"),
  phoneDigits: summary.phone === null ? "" : digitsOf(summary.phone),
  createdAtMs: Date.parse(summary.createdAt),
});

const CREATED: IndexDeclaration[number] = ["queryKeys.createdAtMs", "desc"];

/** The summary as events make it; its query keys follow from it. */
type Summary = Omit<CustomerSummary, "queryKeys">;

/** The profile fields a summary shows; ProfileUpdated may change each of them. */
const SUMMARY_PROFILE_FIELDS = [
  "name",
  "company",
  "email",
  "phone",
  "region",
  "industry",
  "tags",
  // Contract 9.6: a search and export filter
  "companySize",
] as const;

/** Brings the figures that follow from the summary's lists, orders and stage up to date, on the summary given. */
const keepLifecycle = (summary: Summary): void => {
  summary.referrals = summary.referredCustomerIds.length;
  summary.openComplaints = summary.openComplaintIds.length;
  summary.lifecycle = lifecycleOf({
    stage: summary.stage,
    everWon: summary.everWon,
    orders: summary.orders,
    creditedReferrals: new Set(summary.referredCustomerIds),
  });
};

export const withLifecycle = <S extends Summary>(summary: S): S => {
  const next = { ...summary };
  keepLifecycle(next);
  return next;
};

/**
 * The summary after one event, before its query keys are brought up to date: the summary given
 * when the event changes nothing, else a copy made for this event alone, which its change is
 * written into (a replay folds a million events: one object per event, not one per step).
 */
const applyEvent = (summary: CustomerSummary | null, event: RecordedCustomerEvent): Summary => {
  if (event.type === "LeadCreated") {
    if (summary) return summary;
    const { data } = event;
    const created: Summary = {
      _id: event.customerId,
      customerId: event.customerId,
      name: data.name,
      company: data.company,
      email: data.email,
      phone: data.phone,
      source: data.source,
      region: data.region,
      industry: data.industry,
      companySize: data.companySize,
      tags: data.tags,
      ownerId: data.ownerId,
      stage: "lead",
      lifecycle: "prospect",
      everWon: false,
      expectedValue: data.expectedValue,
      orders: 0,
      revenue: 0,
      referrals: 0,
      referredCustomerIds: [],
      openComplaintIds: [],
      openComplaints: 0,
      revision: event.revision,
      createdAt: event.occurredAt,
      mergedInto: null,
    };
    keepLifecycle(created);
    return created;
  }
  if (!summary) throw new Error(`customer ${event.customerId}: ${event.type} before its LeadCreated`);
  if (event.revision <= summary.revision) return summary;
  const next: Summary = { ...summary, revision: event.revision };
  switch (event.type) {
    case "StageAdvanced": {
      const won = event.data.to === "won";
      next.stage = event.data.to;
      next.everWon = next.everWon || won;
      next.expectedValue = event.data.expectedValue ?? next.expectedValue;
      next.orders += won ? 1 : 0;
      next.revenue = roundMoney(next.revenue + (won ? (event.data.amount ?? 0) : 0));
      keepLifecycle(next);
      return next;
    }
    case "PurchaseRecorded":
      next.orders += 1;
      next.revenue = roundMoney(next.revenue + event.data.amount);
      keepLifecycle(next);
      return next;
    case "OwnerAssigned":
      next.ownerId = event.data.ownerId;
      return next;
    case "ReferralCredited":
      next.referredCustomerIds = [...next.referredCustomerIds, event.data.referredCustomerId];
      keepLifecycle(next);
      return next;
    case "ComplaintFiled":
      next.openComplaintIds = [...next.openComplaintIds, event.data.complaintId];
      keepLifecycle(next);
      return next;
    case "ComplaintResolved":
      next.openComplaintIds = next.openComplaintIds.filter((id) => id !== event.data.complaintId);
      keepLifecycle(next);
      return next;
    case "ComplaintAcknowledged":
    case "InteractionLogged":
    // Contract 9.4
    case "FollowUpScheduled":
    case "FollowUpCompleted":
      return next;
    case "ConsentRecorded":
      next.consents = { ...next.consents, [event.data.purpose]: event.data.granted };
      return next;
    // Contract 10.1: the document is rewritten without the personal fields (its query keys too).
    case "PersonalDataErased":
      next.name = ERASED_NAME;
      next.company = null;
      next.email = null;
      next.phone = null;
      return next;
    // contract 9.1 / 9.2
    case "ProfileUpdated":
      for (const field of SUMMARY_PROFILE_FIELDS) {
        const change = event.data.changes[field];
        if (change !== undefined) Object.assign(next, { [field]: change.to });
      }
      return next;
    case "MergedInto":
      next.mergedInto = event.data.customerId;
      return next;
    case "CustomerMerged":
    case "DuplicateDismissed":
      return next;
  }
};

/** Whether the fields the query keys are made of are the same (a list by identity: events replace it). */
const sameQueryFields = (a: Summary, b: Summary): boolean =>
  a.name === b.name &&
  a.company === b.company &&
  a.email === b.email &&
  a.phone === b.phone &&
  a.tags === b.tags &&
  a.createdAt === b.createdAt;

export const customerSummaryProjection: Projection<CustomerSummary> = {
  // v2: with queryKeys. A store holding v1 only is filled by `crm rebuild`.
  collection: "customer_summaries_v2",
  apply: (summary, event) => {
    const next = applyEvent(summary, event);
    if (next === summary) return summary;
    // Folding text costs most of a summary's fold: the keys are made again only when a field they read changed.
    const queryKeys =
      summary !== null && sameQueryFields(summary, next) ? summary.queryKeys : queryKeysOf(next);
    return Object.assign(next, { queryKeys });
  },
  // Newest first, alone and after each exact filter of search. A tag filter or q walks the
  // newest-first index and tests each summary (SQLite cannot index inside an array; a substring
  // has no index anywhere): its cost grows with how far it must walk to fill a page.
  indexes: [
    [CREATED],
    [["stage", "asc"], CREATED],
    [["lifecycle", "asc"], CREATED],
    [["ownerId", "asc"], CREATED],
    [["source", "asc"], CREATED],
    [["region", "asc"], CREATED],
    [["industry", "asc"], CREATED],
    [["mergedInto", "asc"], CREATED],
  ],
  // Search's `q` (contract 4): a needle of three characters or more finds its few candidates
  // through an n-gram index instead of testing every summary (docs/read-queries.md).
  substringIndexes: ["queryKeys.text", "queryKeys.phoneDigits"],
};
