// A rejected command. The code and status are the contract's (sections 2 and 8);
// only the HTTP layer turns them into responses, the domain just names them.
export type DomainErrorCode =
  | "invalid_transition"
  | "out_of_order"
  | "unknown_referrer"
  | "not_a_customer"
  | "duplicate_order"
  | "duplicate"
  | "conflict"
  | "not_found"
  | "revision_mismatch"
  | "idempotency_key_reused"
  | "erased"
  // Contract 9.3 (the pool)
  | "already_owned"
  | "forbidden"
  // contract 9.2: any command addressed to a merged duplicate
  | "merged";

const STATUS_BY_CODE: Record<DomainErrorCode, number> = {
  invalid_transition: 422,
  out_of_order: 422,
  unknown_referrer: 422,
  not_a_customer: 422,
  idempotency_key_reused: 422,
  erased: 422,
  merged: 422,
  duplicate_order: 409,
  duplicate: 409,
  conflict: 409,
  not_found: 404,
  revision_mismatch: 412,
  // Contract 9.3 (the pool)
  already_owned: 409,
  forbidden: 403,
};

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: DomainErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.status = STATUS_BY_CODE[code];
    this.details = details;
  }
}
