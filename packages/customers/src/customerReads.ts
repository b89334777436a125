import { DomainError, foldCustomer, lifecycleOf, type RecordedCustomerEvent } from "@crm/domain";
import type { EventStore } from "@crm/event-store";
import { readCustomerEvents } from "./customerStreamReader.ts";

// Reads that need no projection: one customer's stream, folded or listed,
// cut by business time (asOf: occurredAt <= asOf) and system time
// (knownAt: recordedAt <= knownAt) — "what did we know then about that day".

export type TimeCut = { asOf?: string; knownAt?: string };

const within = (cut: TimeCut) => (event: RecordedCustomerEvent) =>
  (cut.asOf === undefined || Date.parse(event.occurredAt) <= Date.parse(cut.asOf)) &&
  (cut.knownAt === undefined || Date.parse(event.recordedAt) <= Date.parse(cut.knownAt));

const eventsWithin = async (store: EventStore, customerId: string, cut: TimeCut) => {
  const events = await readCustomerEvents(store, customerId);
  if (events.length === 0) throw new DomainError("not_found", "customer not found");
  const cutEvents = events.filter(within(cut));
  if (cutEvents.length === 0) throw new DomainError("not_found", "the customer did not exist at that time");
  return cutEvents;
};

export const readCustomer = async (store: EventStore, customerId: string, cut: TimeCut = {}) => {
  const events = await eventsWithin(store, customerId, cut);
  const customer = foldCustomer(events);
  if (customer === null) throw new DomainError("not_found", "the customer did not exist at that time");
  const { profile } = customer;
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
    lifecycle: lifecycleOf(customer),
    expectedValue: customer.expectedValue,
    orders: customer.orders,
    revenue: customer.revenue,
    referrals: customer.creditedReferrals.size,
    openComplaints: [...customer.complaints.values()].filter((complaint) => complaint.status !== "resolved")
      .length,
    revision: Math.max(...events.map((event) => event.revision)),
    createdAt: customer.createdAt,
    // Contract section 10.
    consents: customer.consents,
    erased: customer.erased,
  };
};

export const readCustomerHistory = async (store: EventStore, customerId: string, cut: TimeCut = {}) => ({
  events: (await eventsWithin(store, customerId, cut)).map((event) => ({
    revision: event.revision,
    type: event.type,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    actor: event.metadata.actor,
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId,
    command: event.metadata.command,
    data: event.data,
  })),
});
