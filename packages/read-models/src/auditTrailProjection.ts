import { type EventProvenance, provenanceOf } from "@crm/domain";
import type { SortKey } from "@crm/read-store";
import type { Projection } from "./projection.ts";

// Contract section 4, audit: every event across all customers, with who did it.
// One document per event, keyed by (customerId, revision), the pair that names an
// event everywhere, so a redelivered event lands on the document it already made.

export type AuditEntry = EventProvenance & { _id: string; customerId: string; eventId: string };

export const auditEntryId = (customerId: string, revision: number): string => `${customerId}:${revision}`;

// recordedAt is the server's clock as toISOString() (UTC, milliseconds), so comparing the
// strings compares the instants, in SQL and MongoDB as in JavaScript.
export const AUDIT_ORDER: readonly SortKey[] = [
  ["recordedAt", "desc"],
  ["customerId", "asc"],
  ["revision", "desc"],
];

export const auditTrailProjection: Projection<AuditEntry> = {
  collection: "audit_trail_v1",
  documentId: (event) => auditEntryId(event.customerId, event.revision),
  // The trail's order, alone and after each filter an auditor pages by (a customer's entries
  // need no customerId in the middle: it is fixed).
  indexes: [
    AUDIT_ORDER,
    [["actor.id", "asc"], ...AUDIT_ORDER],
    [["type", "asc"], ...AUDIT_ORDER],
    [
      ["customerId", "asc"],
      ["recordedAt", "desc"],
      ["revision", "desc"],
    ],
  ],
  // An event is written once and never changes, so an entry that exists is already right.
  immutable: true,
  apply: (entry, event) =>
    entry ?? {
      _id: auditEntryId(event.customerId, event.revision),
      customerId: event.customerId,
      ...provenanceOf(event),
      eventId: event.metadata.eventId,
    },
};
