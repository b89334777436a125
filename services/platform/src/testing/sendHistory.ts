import type { Role } from "@crm/api";
import type { TestPlatform } from "./testPlatform.ts";
import type { CommandName, PlannedCommand } from "./yearOfHistory.ts";

// Sends a planned history over HTTP, one request at a time as a careful client
// would, and keeps the client's own record of what was accepted: the oracle's input.

export type SentCommand = {
  customerId: string;
  command: CommandName;
  /** The server's id for the complaint this command is about. */
  complaintId?: string;
  /** The server's id for the follow-up this command is about. */
  followUpId?: string;
  /** Who sent it: the test key's actor for the command's role. */
  actor: { id: string; role: Role };
  body: Record<string, unknown> & { occurredAt: string };
  /** Client-side send order: the per-customer revision order of what was sent. */
  sequence: number;
};

const ROLE_OF: Record<CommandName, Role> = {
  createLead: "sales",
  advanceStage: "sales",
  logInteraction: "sales",
  recordPurchase: "sales",
  // Contract 9.3: sales may hand over only its own or pool customers; a manager reassigns any.
  assignOwner: "admin",
  fileComplaint: "service",
  acknowledgeComplaint: "service",
  resolveComplaint: "service",
  updateProfile: "service",
  mergeCustomer: "sales",
  // Contract 9.3 / 9.4: a rep claims; a manager gives back any customer; service books and completes.
  claimCustomer: "sales",
  releaseCustomer: "admin",
  scheduleFollowUp: "service",
  completeFollowUp: "sales",
};

const requestOf = (
  planned: PlannedCommand,
  complaintId: string | undefined,
  followUpId: string | undefined,
) => {
  const customer = `/customers/${planned.customerId}`;
  switch (planned.command) {
    case "createLead":
      return { method: "POST", url: "/leads" };
    case "advanceStage":
      return { method: "POST", url: `${customer}/stage` };
    case "logInteraction":
      return { method: "POST", url: `${customer}/interactions` };
    case "recordPurchase":
      return { method: "POST", url: `${customer}/purchases` };
    case "assignOwner":
      return { method: "PUT", url: `${customer}/owner` };
    case "fileComplaint":
      return { method: "POST", url: `${customer}/complaints` };
    case "acknowledgeComplaint":
      return { method: "POST", url: `${customer}/complaints/${complaintId}/acknowledge` };
    case "resolveComplaint":
      return { method: "POST", url: `${customer}/complaints/${complaintId}/resolve` };
    case "updateProfile":
      return { method: "PATCH", url: customer };
    case "mergeCustomer":
      return { method: "POST", url: `${customer}/merge` };
    case "claimCustomer":
      return { method: "POST", url: `${customer}/claim` };
    case "releaseCustomer":
      return { method: "POST", url: `${customer}/release` };
    case "scheduleFollowUp":
      return { method: "POST", url: `${customer}/follow-ups` };
    case "completeFollowUp":
      return { method: "POST", url: `${customer}/follow-ups/${followUpId}/complete` };
  }
};

export const sendHistory = async (crm: Pick<TestPlatform, "as">, plan: readonly PlannedCommand[]) => {
  const complaintIds = new Map<string, string>();
  const followUpIds = new Map<string, string>();
  const sent: SentCommand[] = [];
  for (const planned of plan) {
    const complaintId = planned.complaintRef ? complaintIds.get(planned.complaintRef) : undefined;
    const bookedId = planned.followUpRef ? followUpIds.get(planned.followUpRef) : undefined;
    const { method, url } = requestOf(planned, complaintId, bookedId);
    const reply = await crm.as(ROLE_OF[planned.command]).send(method, url, { payload: planned.body });
    if (reply.status >= 300)
      throw new Error(
        `${method} ${url} ${JSON.stringify(planned.body)}: ${reply.status} ${JSON.stringify(reply.body)}`,
      );
    const filedId = planned.command === "fileComplaint" ? (reply.body.complaintId as string) : complaintId;
    if (planned.command === "fileComplaint" && planned.complaintRef)
      complaintIds.set(planned.complaintRef, filedId as string);
    const followUpId = planned.command === "scheduleFollowUp" ? (reply.body.followUpId as string) : bookedId;
    if (planned.command === "scheduleFollowUp" && planned.followUpRef)
      followUpIds.set(planned.followUpRef, followUpId as string);
    const role = ROLE_OF[planned.command];
    sent.push({
      customerId: planned.customerId,
      command: planned.command,
      ...(filedId ? { complaintId: filedId } : {}),
      ...(followUpId ? { followUpId } : {}),
      actor: { id: `${role}-actor`, role },
      body: planned.body,
      sequence: sent.length,
    });
  }
  return sent;
};

/** The referral reactor credits referrers asynchronously: wait until every credit a client caused is in. */
export const waitForReferralCredits = async (crm: Pick<TestPlatform, "as">, sent: readonly SentCommand[]) => {
  const expected = new Map<string, number>();
  for (const { command, body } of sent)
    if (command === "createLead" && typeof body.referredBy === "string")
      expected.set(body.referredBy, (expected.get(body.referredBy) ?? 0) + 1);
  const deadline = Date.now() + 20_000;
  for (const [referrer, count] of expected) {
    for (;;) {
      const customer = await crm.as("analyst").get(`/customers/${referrer}`);
      if (customer.body.referrals === count) break;
      if (Date.now() > deadline)
        throw new Error(`referrer ${referrer} has ${customer.body.referrals} referrals, expected ${count}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
};
