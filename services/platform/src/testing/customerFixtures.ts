import { expect } from "vitest";
import { aLead, type TestPlatform } from "./testPlatform.ts";

// "Given" steps: customers in a known state, built through the API like any client would.

/** Whatever sends requests as a role: the test platform, or a spec's own composition ({ as: apiClient(platform) }). */
type Client = Pick<TestPlatform, "as">;

const accepted = (reply: { status: number; body: unknown }, status: number) => {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  return reply.body as { customerId: string; revision: number; complaintId?: string };
};

export const givenALead = async (crm: Client, overrides: Record<string, unknown> = {}) =>
  accepted(await crm.as("sales").post("/leads", aLead(overrides)), 201).customerId;

export const givenAWonCustomer = async (crm: Client, amount = 1500) => {
  const id = await givenALead(crm);
  accepted(await crm.as("sales").post(`/customers/${id}/stage`, { stage: "won", amount }), 200);
  return id;
};

export const givenALostLead = async (crm: Client) => {
  const id = await givenALead(crm);
  accepted(await crm.as("sales").post(`/customers/${id}/stage`, { stage: "lost", lostReason: "price" }), 200);
  return id;
};

export const aComplaint = (overrides: Record<string, unknown> = {}) => ({
  category: "delivery",
  severity: "high",
  description: "The order arrived two weeks late",
  ...overrides,
});

export const anInteraction = (overrides: Record<string, unknown> = {}) => ({
  channel: "call",
  direction: "outbound",
  summary: "Walked through the proposal",
  ...overrides,
});

export const givenAComplaint = async (
  crm: Client,
  customerId: string,
  { acknowledged = false }: { acknowledged?: boolean } = {},
) => {
  const service = crm.as("service");
  const complaintId = accepted(await service.post(`/customers/${customerId}/complaints`, aComplaint()), 201)
    .complaintId as string;
  if (acknowledged)
    accepted(
      await service.post(`/customers/${customerId}/complaints/${complaintId}/acknowledge`, {
        apologized: true,
      }),
      200,
    );
  return complaintId;
};

export const daysAgo = (days: number, from = Date.now()) => new Date(from - days * 86_400_000).toISOString();

/** Contract 2: the header of a request a client may have to repeat, a key of its own each time. */
export const anIdempotencyKey = () => ({ "idempotency-key": crypto.randomUUID() });

/**
 * Days before one instant taken once: every date a spec names (`day(30)`, `day(2.5)`) is then
 * counted from the same "now", however long the spec runs.
 */
export const daysBefore =
  (now = Date.now()) =>
  (days: number) =>
    daysAgo(days, now);
