import type { CustomerCommand, CustomerCommandOf, CustomerCommandType } from "./commands.ts";
import type { CustomerRule } from "./customerRule.ts";
import type { Customer, CustomerState } from "./customerState.ts";
import { DomainError } from "./errors.ts";
import { type CustomerEvent, factOf } from "./events.ts";
import { completeFollowUp, scheduleFollowUp } from "./followUpRules.ts";
import { decidePersonalData } from "./personalDataDecisions.ts";
import { assertMayHandOver, claimCustomer, releaseCustomer, returnIdleCustomer } from "./poolRules.ts";
import {
  dismissDuplicate,
  markMergedInto,
  mergeCustomer,
  refusalOfMerged,
  updateProfile,
} from "./profileAndMerges.ts";
import { stageMoveKind } from "./stages.ts";

// The customer's rules (contract sections 1 and 2): given its history and a
// command, which facts to record, or which rule the command breaks.

export const decideCustomer = (command: CustomerCommand, state: CustomerState): CustomerEvent[] => {
  if (command.type === "CreateLead") return createLead(command, state);
  if (state === null) throw new DomainError("not_found", "customer not found");
  if (state.erased)
    throw new DomainError("erased", "the customer's personal data was erased; no further commands");
  // contract 9.2: a merged duplicate takes no more commands; repeats of a merge record nothing
  // Contract 10.1: a merged duplicate still holds the person's data, so it can still be erased.
  const refusal = command.type === "EraseCustomer" ? null : refusalOfMerged(command, state);
  if (refusal) return refusal;
  if (command.type === "MergeCustomer" && state.mergedDuplicates.has(command.duplicateId)) return [];
  if (command.type === "CreditReferral") return creditReferral(command, state);
  assertInBusinessOrder(command, state);
  // The table holds a rule for each type left; TypeScript cannot pair a union's member with its entry.
  const rule = RULES_OF_EXISTING_CUSTOMERS[command.type] as CustomerRule<typeof command.type>;
  return rule(command, state);
};

const assertInBusinessOrder = (command: CustomerCommand, customer: Customer): void => {
  const at = Date.parse(command.occurredAt);
  // A call may be logged the next day, so interactions may be back-dated,
  // but never to before the lead existed.
  if (command.type === "LogInteraction") {
    if (at < Date.parse(customer.createdAt))
      throw new DomainError("out_of_order", "occurredAt is before the lead was created", {
        createdAt: customer.createdAt,
      });
    return;
  }
  if (at < Date.parse(customer.latestOccurredAt))
    throw new DomainError("out_of_order", "occurredAt is earlier than the customer's latest event", {
      latestOccurredAt: customer.latestOccurredAt,
    });
};

const createLead = (command: CustomerCommandOf<"CreateLead">, state: CustomerState): CustomerEvent[] => {
  if (state !== null) throw new DomainError("conflict", "a customer with this id already exists");
  if (command.referredBy && !command.referrerExists)
    throw new DomainError("unknown_referrer", "referredBy does not name an existing customer");
  return factOf(command, "LeadCreated", {
    schemaVersion: 1,
    customerId: command.customerId,
    name: command.name,
    company: command.company ?? null,
    email: command.email ?? null,
    phone: command.phone ?? null,
    source: command.source,
    region: command.region ?? null,
    industry: command.industry ?? null,
    companySize: command.companySize ?? null,
    tags: command.tags ?? [],
    ownerId: command.ownerId ?? null,
    expectedValue: command.expectedValue ?? null,
    referredBy: command.referredBy ?? null,
  });
};

const advanceStage: CustomerRule<"AdvanceStage"> = (command, customer) => {
  const from = customer.stage;
  const to = command.stage;
  if (stageMoveKind(from, to) === null)
    throw new DomainError("invalid_transition", `cannot move from ${from} to ${to}`, { from, to });
  return factOf(command, "StageAdvanced", {
    schemaVersion: 1,
    from,
    to,
    amount: command.amount ?? null,
    lostReason: command.lostReason ?? null,
    lostNote: command.lostNote ?? null,
    expectedValue: command.expectedValue ?? null,
    note: command.note ?? null,
  });
};

const logInteraction = (command: CustomerCommandOf<"LogInteraction">): CustomerEvent[] =>
  factOf(command, "InteractionLogged", {
    schemaVersion: 2,
    interactionId: command.interactionId,
    channel: command.channel,
    direction: command.direction,
    department: command.department ?? "sales",
    summary: command.summary,
    outcome: command.outcome ?? null,
    durationSeconds: command.durationSeconds ?? null,
  });

const fileComplaint = (command: CustomerCommandOf<"FileComplaint">): CustomerEvent[] =>
  factOf(command, "ComplaintFiled", {
    schemaVersion: 1,
    complaintId: command.complaintId,
    category: command.category,
    severity: command.severity,
    description: command.description,
    channel: command.channel ?? null,
  });

const complaintOf = (customer: Customer, complaintId: string) => {
  const complaint = customer.complaints.get(complaintId);
  if (!complaint) throw new DomainError("not_found", "complaint not found", { complaintId });
  return complaint;
};

const acknowledgeComplaint: CustomerRule<"AcknowledgeComplaint"> = (command, customer) => {
  const complaint = complaintOf(customer, command.complaintId);
  if (complaint.status !== "filed")
    throw new DomainError("invalid_transition", `complaint is already ${complaint.status}`);
  return factOf(command, "ComplaintAcknowledged", {
    schemaVersion: 1,
    complaintId: command.complaintId,
    apologized: command.apologized ?? false,
    note: command.note ?? null,
  });
};

const resolveComplaint: CustomerRule<"ResolveComplaint"> = (command, customer) => {
  const complaint = complaintOf(customer, command.complaintId);
  if (complaint.status === "filed")
    throw new DomainError("invalid_transition", "complaint must be acknowledged before it is resolved");
  if (complaint.status === "resolved")
    throw new DomainError("invalid_transition", "complaint is already resolved");
  return factOf(command, "ComplaintResolved", {
    schemaVersion: 1,
    complaintId: command.complaintId,
    resolution: command.resolution,
    compensation: command.compensation ?? null,
    preventiveAction: command.preventiveAction ?? null,
  });
};

const recordPurchase: CustomerRule<"RecordPurchase"> = (command, customer) => {
  if (customer.orderIds.has(command.orderId))
    throw new DomainError("duplicate_order", "this orderId is already recorded for the customer", {
      orderId: command.orderId,
    });
  if (customer.stage !== "won")
    throw new DomainError("not_a_customer", `a purchase needs stage won, the customer is ${customer.stage}`);
  return factOf(command, "PurchaseRecorded", {
    schemaVersion: 1,
    orderId: command.orderId,
    amount: command.amount,
    product: command.product ?? null,
  });
};

/** Assigning the owner a customer already has records nothing: the request is already true. */
const assignOwner: CustomerRule<"AssignOwner"> = (command, customer) => {
  assertMayHandOver(command, customer);
  if (command.ownerId === customer.ownerId) return [];
  return factOf(command, "OwnerAssigned", {
    schemaVersion: 2,
    ownerId: command.ownerId,
    previousOwnerId: customer.ownerId,
    reason: "assigned",
    note: null,
  });
};

/** Credited once per referred lead, however often the reactor sees it. */
const creditReferral: CustomerRule<"CreditReferral"> = (command, customer) => {
  if (customer.creditedReferrals.has(command.referredCustomerId)) return [];
  return factOf(command, "ReferralCredited", {
    schemaVersion: 1,
    referredCustomerId: command.referredCustomerId,
  });
};

/** The rule for each command on an existing customer (a new lead and a referral credit are decided above). */
const RULES_OF_EXISTING_CUSTOMERS: {
  [T in Exclude<CustomerCommandType, "CreateLead" | "CreditReferral">]: CustomerRule<T>;
} = {
  AdvanceStage: advanceStage,
  LogInteraction: logInteraction,
  FileComplaint: fileComplaint,
  AcknowledgeComplaint: acknowledgeComplaint,
  ResolveComplaint: resolveComplaint,
  RecordPurchase: recordPurchase,
  AssignOwner: assignOwner,
  // Contract section 10
  RecordConsent: decidePersonalData,
  EraseCustomer: decidePersonalData,
  // Contract 9.3 / 9.4 (pool, follow-ups)
  ClaimCustomer: claimCustomer,
  ReleaseCustomer: releaseCustomer,
  ReturnIdleCustomer: returnIdleCustomer,
  ScheduleFollowUp: scheduleFollowUp,
  CompleteFollowUp: completeFollowUp,
  // Contract 9.1 / 9.2
  UpdateProfile: updateProfile,
  MergeCustomer: mergeCustomer,
  MarkMergedInto: markMergedInto,
  DismissDuplicate: dismissDuplicate,
};
