import { randomUUID } from "node:crypto";
import { type CustomerCommand, type CustomerState, LOST_REASONS, SEVERITIES, STAGES } from "@crm/domain";
import type { SeededRandom } from "./seededRandom.ts";

// Random but plausible work on an existing customer: stage moves (skips, losses after wins,
// reopens), purchases, calls (some back-dated), complaints followed up, owner changes and
// late referral credits. Some are refused by the domain (a purchase before a win, say):
// callers pass those over, so every history is one the CRM could really have recorded.

const DAY = 86_400_000;

const followUp = (state: CustomerState, at: string): CustomerCommand | null => {
  const open = [...(state?.complaints.values() ?? [])].find((complaint) => complaint.status !== "resolved");
  if (!open) return null;
  return open.status === "filed"
    ? { type: "AcknowledgeComplaint", complaintId: open.complaintId, occurredAt: at }
    : {
        type: "ResolveComplaint",
        complaintId: open.complaintId,
        resolution: "refund",
        compensation: 50,
        occurredAt: at,
      };
};

/** The next command on a customer at business time `at`; `referred` are customers it may be credited for. */
export const nextCustomerCommand = (
  random: SeededRandom,
  state: CustomerState,
  at: string,
  referred: readonly string[],
): CustomerCommand => {
  const complaint = random.chance(0.15) ? followUp(state, at) : null;
  if (complaint) return complaint;
  const roll = random.next();
  if (roll < 0.35) {
    const stage = random.pick(STAGES);
    return {
      type: "AdvanceStage",
      stage,
      occurredAt: at,
      ...(stage === "won" ? { amount: random.money(1, 1_000) } : {}),
      ...(stage === "lost" ? { lostReason: random.pick(LOST_REASONS) } : {}),
      ...(random.chance(0.3) ? { expectedValue: random.int(0, 5_000) } : {}),
    };
  }
  if (roll < 0.5)
    return { type: "RecordPurchase", orderId: randomUUID(), amount: random.money(1, 500), occurredAt: at };
  if (roll < 0.65)
    return {
      type: "LogInteraction",
      interactionId: randomUUID(),
      channel: "call",
      direction: "outbound",
      summary: "follow-up call",
      // Back-dated calls are allowed: up to ten days before "now" in the history.
      occurredAt: new Date(Date.parse(at) - random.int(0, 9) * DAY).toISOString(),
    };
  if (roll < 0.75)
    return {
      type: "FileComplaint",
      complaintId: randomUUID(),
      category: "billing",
      severity: random.pick(SEVERITIES),
      description: "late invoice",
      occurredAt: at,
    };
  if (roll < 0.85)
    return { type: "AssignOwner", ownerId: random.pick(["rep-1", "rep-2", null]), occurredAt: at };
  if (roll < 0.9 && referred.length > 0)
    return { type: "CreditReferral", referredCustomerId: random.pick(referred), occurredAt: at };
  return { type: "AdvanceStage", stage: "lost", lostReason: "price", occurredAt: at };
};
