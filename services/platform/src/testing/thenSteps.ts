import { ROLES, type Role } from "@crm/api";
import { expect } from "vitest";
import type { Reply, TestPlatform } from "./testPlatform.ts";

// "Then" steps: what a client must see after its requests, checked the same way by every spec.

/**
 * Contract 7: the status each caller gets from a route that only `allowed` may use: `granted`
 * for those roles, 403 for every other role, 401 without a key. Rows for `it.each`.
 */
export const statusByRole = (allowed: readonly Role[], granted = 200): (readonly [Role | null, number])[] => [
  ...ROLES.map((role) => [role, allowed.includes(role) ? granted : 403] as const),
  [null, 401] as const,
];

/**
 * A request the platform must refuse with `status` and the contract's error body naming `error`,
 * appending nothing; resolves with the reply for what a spec checks beyond that.
 */
export const refusalsOf =
  (crm: Pick<TestPlatform, "appendedBy">) =>
  async (request: () => Promise<Reply>, status: number, error: string): Promise<Reply> => {
    const { reply, appended } = await crm.appendedBy(request);
    expect(reply).toMatchObject({ status, body: { error, message: expect.any(String) } });
    expect(appended).toEqual([]);
    return reply;
  };

/**
 * Racing requests for one unique email (or phone): exactly one is answered `status`, every other
 * one 409 duplicate naming the winner. Resolves with the winner's customerId.
 */
export const expectOneWinnerOfTheRace = (replies: readonly Reply[], status: number): string => {
  const winners = replies.filter((reply) => reply.status === status);
  expect(winners).toHaveLength(1);
  const winner = winners[0]?.body.customerId as string;
  for (const reply of replies.filter((other) => other.status !== status))
    expect(reply).toMatchObject({
      status: 409,
      body: { error: "duplicate", details: { duplicateOf: [winner] } },
    });
  return winner;
};

/**
 * Contract 2: a request repeated with its Idempotency-Key gets the first answer again (status
 * and body, a refusal too) and, where the spec saw what it appended, appends nothing.
 */
export const expectTheFirstAnswerAgain = (first: Reply, repeat: Reply, appended: readonly unknown[] = []) => {
  expect({ status: repeat.status, body: repeat.body }).toEqual({ status: first.status, body: first.body });
  expect(appended).toEqual([]);
};
