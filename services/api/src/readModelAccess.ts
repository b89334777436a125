import type {
  AuditSource,
  CustomerSummary,
  DuplicatePage,
  FollowUpCollections,
  ViewQueries,
} from "@crm/read-models";
import type { DocumentCollection } from "@crm/read-store";

/** What the read routes need from the read side, whichever store backs it. */
export type ReadModelAccess = {
  views: ViewQueries;
  /** Queried page by page (search, export); a route never reads the whole collection. */
  customerSummaries: DocumentCollection<CustomerSummary>;
  /** The audit trail: the read model, or in the embedded default the event store's own rows. */
  auditTrail: AuditSource;
  /** Contract 9.2: one page of the duplicate review queue (the cursor already checked). */
  duplicatePairs: (page: { limit: number; cursor?: string }) => Promise<DuplicatePage>;
  /** Contract 9.4: the follow-up work list, queried by assignee page by page. */
  followUps: FollowUpCollections;
  /**
   * Resolves once the read models include this process's own recent writes
   * (bounded wait), so a client that just wrote reads its write.
   */
  settle: () => Promise<void>;
};
