import {
  type CustomerCommand,
  type CustomerState,
  decideCustomer,
  evolveCustomer,
  GENESIS_HASH,
  type LostReason,
  type RecordedCustomerEvent,
  type Severity,
  type Stage,
} from "@crm/domain";

// Histories for tests, written as the commands a user would send: every event goes
// through the domain's decider, so a fixture can never hold a history the CRM refuses.

/** Midnight UTC of the n-th day of 2026 (day(1) is 1 January), plus hours. */
export const day = (n: number, hours = 0): string => new Date(Date.UTC(2026, 0, n, hours)).toISOString();

export const customerIdOf = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

type LeadDetails = Partial<Omit<Extract<CustomerCommand, { type: "CreateLead" }>, "type" | "customerId">>;
type StageDetails = { amount?: number; lostReason?: LostReason; expectedValue?: number };

export type CustomerHistory = ReturnType<typeof customerHistory>;

/** `systemClock`, when given, stamps every recordedAt (a store shared by many customers has one clock). */
export const customerHistory = (customerId: string, systemClock?: () => string) => {
  let state: CustomerState = null;
  let counter = 0;
  const events: RecordedCustomerEvent[] = [];
  let actor = { id: "tester", role: "admin" };

  /** recordedAt defaults to the later of occurredAt and the previous recordedAt: system time only moves on. */
  const record = (command: CustomerCommand, recordedAt?: string) => {
    for (const event of decideCustomer(command, state)) {
      const previous = events.at(-1)?.recordedAt ?? event.occurredAt;
      const at =
        recordedAt ??
        systemClock?.() ??
        (Date.parse(event.occurredAt) >= Date.parse(previous) ? event.occurredAt : previous);
      const revision = events.length;
      events.push({
        ...event,
        customerId,
        revision,
        recordedAt: at,
        position: String(Date.parse(at) * 100 + revision),
        metadata: {
          eventId: `${customerId}/${revision}`,
          occurredAt: event.occurredAt,
          recordedAt: at,
          actor,
          correlationId: "test",
          causationId: "test",
          command: command.type,
          prevHash: GENESIS_HASH,
          hash: GENESIS_HASH,
        },
      } as RecordedCustomerEvent);
      state = evolveCustomer(state, event);
    }
    return history;
  };
  const nextId = () => `${customerId}/${++counter}`;

  const history = {
    customerId,
    events,
    stage: (): Stage | null => state?.stage ?? null,
    /** The actor stamped on the events of the commands that follow. */
    actAs: (next: { id: string; role: string }) => {
      actor = next;
      return history;
    },
    /** Contract 9.2: the survivor this customer was merged into, if it was. */
    mergedInto: (): string | null => state?.mergedInto ?? null,
    create: (occurredAt: string, lead: LeadDetails = {}) =>
      record({
        type: "CreateLead",
        customerId,
        referrerExists: true,
        name: `Customer ${customerId.slice(-4)}`,
        source: "web",
        ...lead,
        occurredAt,
      }),
    advance: (stage: Stage, occurredAt: string, details: StageDetails = {}) =>
      record({ type: "AdvanceStage", stage, ...details, occurredAt }),
    interact: (occurredAt: string, recordedAt?: string) =>
      record(
        {
          type: "LogInteraction",
          interactionId: nextId(),
          channel: "call",
          direction: "outbound",
          summary: "follow-up call",
          occurredAt,
        },
        recordedAt,
      ),
    fileComplaint: (complaintId: string, severity: Severity, occurredAt: string) =>
      record({
        type: "FileComplaint",
        complaintId,
        category: "service",
        severity,
        description: "late",
        occurredAt,
      }),
    acknowledge: (complaintId: string, occurredAt: string) =>
      record({ type: "AcknowledgeComplaint", complaintId, occurredAt }),
    resolve: (complaintId: string, occurredAt: string, compensation?: number) =>
      record({ type: "ResolveComplaint", complaintId, resolution: "refunded", compensation, occurredAt }),
    purchase: (amount: number, occurredAt: string) =>
      record({ type: "RecordPurchase", orderId: nextId(), amount, occurredAt }),
    assignOwner: (ownerId: string | null, occurredAt: string) =>
      record({ type: "AssignOwner", ownerId, occurredAt }),
    // Contract 9.3 / 9.4 (pool, follow-ups)
    claim: (claimantId: string, occurredAt: string) =>
      record({ type: "ClaimCustomer", claimantId, occurredAt }),
    release: (occurredAt: string) =>
      record({
        type: "ReleaseCustomer",
        requestedBy: { actorId: actor.id, mayReassignAny: true },
        note: null,
        occurredAt,
      }),
    returnIfIdle: (idleDays: number, occurredAt: string) =>
      record({ type: "ReturnIdleCustomer", idleDays, occurredAt }),
    scheduleFollowUp: (assigneeId: string, dueAt: string, occurredAt: string) => {
      const followUpId = nextId();
      record({
        type: "ScheduleFollowUp",
        followUpId,
        title: "call back",
        dueAt,
        assigneeId,
        note: null,
        occurredAt,
      });
      return followUpId;
    },
    completeFollowUp: (followUpId: string, occurredAt: string) =>
      record({ type: "CompleteFollowUp", followUpId, outcome: null, note: null, occurredAt }),
    // end 9.3 / 9.4
    // contract 9.1 / 9.2
    updateProfile: (
      changes: Omit<Extract<CustomerCommand, { type: "UpdateProfile" }>, "type" | "occurredAt">,
      occurredAt: string,
    ) => record({ type: "UpdateProfile", ...changes, occurredAt }),
    /** As the application merges: MergedInto on this duplicate first, then CustomerMerged on the survivor. */
    mergeInto: (
      survivor: { customerId: string; absorb: (id: string, at: string) => unknown },
      occurredAt: string,
    ) => {
      record({ type: "MarkMergedInto", survivorId: survivor.customerId, occurredAt });
      survivor.absorb(customerId, occurredAt);
      return history;
    },
    absorb: (duplicateId: string, occurredAt: string) =>
      record({ type: "MergeCustomer", duplicateId, note: null, occurredAt }),
    /** As the referral reactor does it: dated when the referred lead was created, recorded whenever it runs. */
    creditReferral: (referredCustomerId: string, occurredAt: string, recordedAt: string) =>
      record({ type: "CreditReferral", referredCustomerId, occurredAt }, recordedAt),
  };
  return history;
};
