// The audit answers of contract section 4, as the audit pages read them.

/** An event as the audit shows it: what, who, when it happened and when it was recorded, in which request. */
type RecordedEvent = {
  revision: number;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: { id: string; role: string };
  correlationId: string;
};

/** An entry of the audit trail, across customers. */
export type AuditItem = RecordedEvent & { customerId: string; command: string };

/** An event of one customer's history, with its data. */
export type HistoryEvent = RecordedEvent & { command?: string; data: Record<string, unknown> };

/** The customer's hash chain recomputed by the API. */
export type Verification = { valid: boolean; events: number; brokenAt?: number };
