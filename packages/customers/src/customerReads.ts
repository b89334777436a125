import {
  type Customer,
  DomainError,
  foldCustomer,
  lifecycleOf,
  provenanceOf,
  type RecordedCustomerEvent,
  roundMoney,
} from "@crm/domain";
import type { EventStore } from "@crm/event-store";
import { readCustomerEvents } from "./customerStreamReader.ts";

// Reads that need no projection: one customer's stream, folded or listed,
// cut by business time (asOf: occurredAt <= asOf) and system time
// (knownAt: recordedAt <= knownAt) — "what did we know then about that day".

export type TimeCut = { asOf?: string; knownAt?: string };

const within = (cut: TimeCut) => (event: RecordedCustomerEvent) =>
  (cut.asOf === undefined || Date.parse(event.occurredAt) <= Date.parse(cut.asOf)) &&
  (cut.knownAt === undefined || Date.parse(event.recordedAt) <= Date.parse(cut.knownAt));

export const eventsWithin = async (store: EventStore, customerId: string, cut: TimeCut) => {
  const events = await readCustomerEvents(store, customerId);
  if (events.length === 0) throw new DomainError("not_found", "customer not found");
  const cutEvents = events.filter(within(cut));
  if (cutEvents.length === 0) throw new DomainError("not_found", "the customer did not exist at that time");
  return cutEvents;
};

/** What a customer brings into a merge: figures that count for its survivor (contract 9.2). */
type Figures = { orders: number; revenue: number; referrals: Set<string>; openComplaints: number };

const MAX_MERGE_DEPTH = 100;

const figuresOf = (customer: Customer): Figures => ({
  orders: customer.orders,
  revenue: customer.revenue,
  referrals: new Set(customer.creditedReferrals),
  openComplaints: [...customer.complaints.values()].filter((complaint) => complaint.status !== "resolved")
    .length,
});

/** The customer's own figures plus those of every duplicate it absorbed within the cut (chains too). */
const figuresWithAbsorbed = async (
  store: EventStore,
  customer: Customer,
  cut: TimeCut,
  depth = 0,
): Promise<Figures> => {
  const figures = figuresOf(customer);
  if (depth >= MAX_MERGE_DEPTH) return figures;
  for (const duplicateId of customer.mergedDuplicates) {
    const duplicate = foldCustomer((await readCustomerEvents(store, duplicateId)).filter(within(cut)));
    if (duplicate === null) continue;
    const absorbed = await figuresWithAbsorbed(store, duplicate, cut, depth + 1);
    figures.orders += absorbed.orders;
    figures.revenue = roundMoney(figures.revenue + absorbed.revenue);
    for (const referral of absorbed.referrals) figures.referrals.add(referral);
    figures.openComplaints += absorbed.openComplaints;
  }
  return figures;
};

export const readCustomer = async (store: EventStore, customerId: string, cut: TimeCut = {}) => {
  const events = await eventsWithin(store, customerId, cut);
  const customer = foldCustomer(events);
  if (customer === null) throw new DomainError("not_found", "the customer did not exist at that time");
  const { profile } = customer;
  // Contract 9.2: a survivor carries its duplicates' orders, revenue, referrals and complaints;
  // its stage is its own. A merged duplicate still answers, with `mergedInto` set.
  const figures = await figuresWithAbsorbed(store, customer, cut);
  return {
    customerId,
    name: profile.name,
    company: profile.company,
    email: profile.email,
    phone: profile.phone,
    source: profile.source,
    region: profile.region,
    industry: profile.industry,
    companySize: profile.companySize,
    tags: profile.tags,
    referredBy: profile.referredBy,
    ownerId: customer.ownerId,
    stage: customer.stage,
    lifecycle: lifecycleOf({ ...customer, orders: figures.orders, creditedReferrals: figures.referrals }),
    expectedValue: customer.expectedValue,
    orders: figures.orders,
    revenue: figures.revenue,
    referrals: figures.referrals.size,
    openComplaints: figures.openComplaints,
    revision: Math.max(...events.map((event) => event.revision)),
    createdAt: customer.createdAt,
    // Contract section 10.
    consents: customer.consents,
    erased: customer.erased,
    mergedInto: customer.mergedInto,
  };
};

export const readCustomerHistory = async (store: EventStore, customerId: string, cut: TimeCut = {}) => ({
  events: (await eventsWithin(store, customerId, cut)).map((event) => ({
    ...provenanceOf(event),
    data: event.data,
  })),
});
