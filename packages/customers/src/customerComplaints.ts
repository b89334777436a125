import type { RecordedCustomerEvent } from "@crm/domain";
import type { EventStore } from "@crm/event-store";
import { eventsWithin, type TimeCut } from "./customerReads.ts";

// A customer's complaints with each step of their handling (filed, acknowledged with or
// without an apology, resolved with the amends), for the people who handle them: the
// customer answer only counts the open ones, the history is the auditor's.

export type ComplaintRecord = {
  complaintId: string;
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

const applied = (complaints: Map<string, ComplaintRecord>, event: RecordedCustomerEvent) => {
  if (event.type === "ComplaintFiled") {
    const { complaintId, category, severity, description, channel } = event.data;
    complaints.set(complaintId, {
      complaintId,
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
    const complaint = complaints.get(event.data.complaintId);
    if (complaint)
      Object.assign(complaint, {
        status: "acknowledged",
        acknowledgedAt: event.occurredAt,
        apologized: event.data.apologized,
        acknowledgeNote: event.data.note,
      });
  }
  if (event.type === "ComplaintResolved") {
    const complaint = complaints.get(event.data.complaintId);
    if (complaint)
      Object.assign(complaint, {
        status: "resolved",
        resolvedAt: event.occurredAt,
        resolution: event.data.resolution,
        compensation: event.data.compensation,
        preventiveAction: event.data.preventiveAction,
      });
  }
  return complaints;
};

/** Newest filed first: the one a service agent is most likely working on. */
export const readCustomerComplaints = async (store: EventStore, customerId: string, cut: TimeCut = {}) => {
  const events = (await eventsWithin(store, customerId, cut)).sort(byBusinessTime);
  const complaints = events.reduce(applied, new Map<string, ComplaintRecord>());
  // The map holds them in filing order (business time, then revision): reversed, newest first.
  return { items: [...complaints.values()].reverse() };
};
