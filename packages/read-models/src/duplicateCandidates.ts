import { ERASED_NAME } from "@crm/domain";
import type { Projection } from "./projection.ts";

// Contract 9.2, the duplicate review queue: per customer, what it is matched on (its profile's
// name, company, email and phone, as changed since), whether it was merged, and which candidates
// were dismissed on its stream. The pairs are computed from these documents (duplicatePairs.ts).

export type DuplicateCandidate = {
  _id: string;
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

export const duplicateCandidatesProjection: Projection<DuplicateCandidate> = {
  collection: "duplicate_candidates_v1",
  apply: (candidate, event) => {
    if (event.type === "LeadCreated") {
      if (candidate) return candidate;
      const { name, company, email, phone } = event.data;
      return {
        _id: event.customerId,
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
  },
};
