import { type EventProvenance, provenanceOf } from "@crm/domain";
import type { Projection } from "./projection.ts";

// Contract section 4, audit: every event across all customers, with who did it.
// One document per event, keyed by (customerId, revision), the pair that names an
// event everywhere, so a redelivered event lands on the document it already made.

export type AuditEntry = EventProvenance & { _id: string; customerId: string; eventId: string };

export const auditEntryId = (customerId: string, revision: number): string => `${customerId}:${revision}`;

export const auditTrailProjection: Projection<AuditEntry> = {
  collection: "audit_trail_v1",
  documentId: (event) => auditEntryId(event.customerId, event.revision),
  // An event is written once and never changes, so an entry that exists is already right.
  apply: (entry, event) =>
    entry ?? {
      _id: auditEntryId(event.customerId, event.revision),
      customerId: event.customerId,
      ...provenanceOf(event),
      eventId: event.metadata.eventId,
    },
};
