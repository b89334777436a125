import type { AccessLog, AccessRecordDocument, HistoryVerdict, SignedCheckpoint } from "@crm/trust";

/** What the routes of contract section 10 need; absent where this process does not anchor history. */
export type AnchoredHistoryAccess = {
  checkpoints: () => Promise<SignedCheckpoint[]>;
  verify: () => Promise<HistoryVerdict>;
  /** The platform's Ed25519 public key, SPKI PEM. */
  publicKeyPem: string;
};

/** Contract section 10.3: the log reads are recorded into, and the records for GET /audit/access. */
export type AccessRecordsAccess = {
  log: AccessLog;
  all: () => Promise<AccessRecordDocument[]>;
};
