import { foldCustomer, type RecordedCustomerEvent } from "@crm/domain";
import type { EventStore } from "@crm/event-store";
import { eventsWithin, type TimeCut } from "./customerReads.ts";
import { readCustomerEvents } from "./customerStreamReader.ts";

// A customer's complaints with each step of their handling (filed, acknowledged with or
// without an apology, resolved with the amends), for the people who handle them: the
// customer answer only counts the open ones, the history is the auditor's.

export type ComplaintRecord = {
  complaintId: string;
  /** Where it was filed: this customer, or a duplicate merged into it (contract 9.2). */
  customerId: string;
  category: string;
  severity: string;
  description: string;
  channel: string | null;
  status: "filed" | "acknowledged" | "resolved";
  filedAt: string;
  acknowledgedAt: string | null;
  apologized: boolean | null;
  acknowledgeNote: string | null;
  resolvedAt: string | null;
  resolution: string | null;
  compensation: number | null;
  preventiveAction: string | null;
};

const byBusinessTime = (a: RecordedCustomerEvent, b: RecordedCustomerEvent) =>
  Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || a.revision - b.revision;

/** A later step of a complaint's handling, on the complaint filed before it. */
const handled = (
  complaints: Map<string, ComplaintRecord>,
  complaintId: string,
  step: Partial<ComplaintRecord>,
): void => {
  const complaint = complaints.get(complaintId);
  if (complaint) Object.assign(complaint, step);
};

const applied =
  (customerId: string) => (complaints: Map<string, ComplaintRecord>, event: RecordedCustomerEvent) => {
    if (event.type === "ComplaintFiled") {
      const { complaintId, category, severity, description, channel } = event.data;
      complaints.set(complaintId, {
        complaintId,
        customerId,
        category,
        severity,
        description,
        channel,
        status: "filed",
        filedAt: event.occurredAt,
        acknowledgedAt: null,
        apologized: null,
        acknowledgeNote: null,
        resolvedAt: null,
        resolution: null,
        compensation: null,
        preventiveAction: null,
      });
    }
    if (event.type === "ComplaintAcknowledged") {
      const { apologized, note } = event.data;
      handled(complaints, event.data.complaintId, {
        status: "acknowledged",
        acknowledgedAt: event.occurredAt,
        apologized,
        acknowledgeNote: note,
      });
    }
    if (event.type === "ComplaintResolved") {
      const { resolution, compensation, preventiveAction } = event.data;
      handled(complaints, event.data.complaintId, {
        status: "resolved",
        resolvedAt: event.occurredAt,
        resolution,
        compensation,
        preventiveAction,
      });
    }
    return complaints;
  };

const MAX_MERGE_DEPTH = 100;

/** The same cut as the customer read: business time (asOf) and system time (knownAt). */
const isWithin = (cut: TimeCut) => (event: RecordedCustomerEvent) =>
  (cut.asOf === undefined || Date.parse(event.occurredAt) <= Date.parse(cut.asOf)) &&
  (cut.knownAt === undefined || Date.parse(event.recordedAt) <= Date.parse(cut.knownAt));

/** One customer's complaints in filing order (business time, then revision). */
const complaintsIn = (customerId: string, events: RecordedCustomerEvent[]) => [
  ...[...events]
    .sort(byBusinessTime)
    .reduce(applied(customerId), new Map<string, ComplaintRecord>())
    .values(),
];

/**
 * A survivor carries its merged duplicates' complaints, as the customer answer counts them
 * (contract 9.2): theirs are listed with the duplicate's customerId, chains followed.
 */
const absorbedComplaints = async (
  store: EventStore,
  events: RecordedCustomerEvent[],
  cut: TimeCut,
  depth = 0,
): Promise<ComplaintRecord[]> => {
  const customer = foldCustomer(events);
  if (customer === null || depth >= MAX_MERGE_DEPTH) return [];
  const absorbed: ComplaintRecord[] = [];
  for (const duplicateId of customer.mergedDuplicates) {
    const theirs = (await readCustomerEvents(store, duplicateId)).filter(isWithin(cut));
    absorbed.push(
      ...complaintsIn(duplicateId, theirs),
      ...(await absorbedComplaints(store, theirs, cut, depth + 1)),
    );
  }
  return absorbed;
};

/** Newest filed first: the one a service agent is most likely working on. */
export const readCustomerComplaints = async (store: EventStore, customerId: string, cut: TimeCut = {}) => {
  const events = await eventsWithin(store, customerId, cut);
  const all = [...complaintsIn(customerId, events), ...(await absorbedComplaints(store, events, cut))];
  // Filing order across customers by business time; newest first. The sort is stable, so
  // complaints filed at the same instant keep their revision order (reversed).
  return { items: all.sort((a, b) => Date.parse(a.filedAt) - Date.parse(b.filedAt)).reverse() };
};
