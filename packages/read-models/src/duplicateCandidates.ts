import { ERASED_NAME, type RecordedCustomerEvent } from "@crm/domain";

// Contract 9.2, the duplicate review queue: per customer, what it is matched on (its profile's
// name, company, email and phone, as changed since), whether it was merged, and which candidates
// were dismissed on its stream. The pairs are computed from these documents (duplicatePairs.ts),
// which are kept in memory (duplicateQueueIndex.ts), never in a read-store collection.

export type DuplicateCandidate = {
  customerId: string;
  revision: number;
  createdAt: string;
  name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  mergedInto: string | null;
  dismissed: string[];
  /** Contract 10.1: an erased customer keeps nothing to match on and is nobody's candidate. */
  erased?: boolean;
};

const MATCHED_FIELDS = ["name", "company", "email", "phone"] as const;

/** The customer's document after one more of its events (redelivered events change nothing). */
export const evolveDuplicateCandidate = (
  candidate: DuplicateCandidate | null,
  event: RecordedCustomerEvent,
): DuplicateCandidate => {
  if (event.type === "LeadCreated") {
    if (candidate) return candidate;
    const { name, company, email, phone } = event.data;
    return {
      customerId: event.customerId,
      revision: event.revision,
      createdAt: event.occurredAt,
      name,
      company,
      email,
      phone,
      mergedInto: null,
      dismissed: [],
    };
  }
  if (!candidate) throw new Error(`customer ${event.customerId}: ${event.type} before its LeadCreated`);
  if (event.revision <= candidate.revision) return candidate;
  const next = { ...candidate, revision: event.revision };
  if (event.type === "ProfileUpdated")
    for (const field of MATCHED_FIELDS) {
      const change = event.data.changes[field];
      if (change !== undefined) Object.assign(next, { [field]: change.to });
    }
  if (event.type === "MergedInto") next.mergedInto = event.data.customerId;
  if (event.type === "DuplicateDismissed") next.dismissed = [...next.dismissed, event.data.candidateId];
  if (event.type === "PersonalDataErased")
    Object.assign(next, { name: ERASED_NAME, company: null, email: null, phone: null, erased: true });
  return next;
};
