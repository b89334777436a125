import { randomUUID } from "node:crypto";
import type { CustomerEventMessage } from "@crm/event-contracts";
import type { CustomerEventBatchHandler, CustomerEventBus } from "../customerEventBus.ts";

/** A bus for one test, on storage no other test sees (a fresh topic on a shared broker). */
export type OpenBus = () => Promise<{ bus: CustomerEventBus; dispose(): Promise<void> }>;

let position = 0n;

/** `count` messages of one customer, revisions from `fromRevision` on, shaped as contract section 6 says. */
export const customerMessages = (
  customerId: string,
  count: number,
  fromRevision = 0,
): CustomerEventMessage[] =>
  Array.from({ length: count }, (_, index) => {
    const revision = fromRevision + index;
    position += 1n;
    const at = new Date(Date.UTC(2026, 0, 1, 9, 0, revision)).toISOString();
    return {
      eventId: randomUUID(),
      type: revision === 0 ? "LeadCreated" : "InteractionLogged",
      schemaVersion: 1,
      customerId,
      revision,
      position: position.toString(),
      occurredAt: at,
      recordedAt: at,
      actor: { id: "rep-1", role: "sales" },
      correlationId: randomUUID(),
      causationId: randomUUID(),
      data: { schemaVersion: 1, summary: `touch ${revision}` },
    };
  });

/** Interleaves several customers' messages (a, b, c, a, b, c, ...), as the relay sees them. */
export const interleaved = (perCustomer: CustomerEventMessage[][]): CustomerEventMessage[] => {
  const longest = Math.max(...perCustomer.map((messages) => messages.length));
  return Array.from({ length: longest }, (_, index) =>
    perCustomer.flatMap((messages) => messages[index] ?? []),
  ).flat();
};

/** Splits messages into publish calls of `size`. */
export const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, index * size + size),
  );

export const newGroup = (purpose: string): string => `${purpose}-${randomUUID()}`;

/**
 * What a group member handled, with waits that resolve when enough has arrived (no timers:
 * the test's own timeout bounds them). `failWhile` lets a test make attempts fail: it is told
 * the attempt's number (counting every batch) and its messages.
 */
export const recorder = (
  failWhile: (attempt: number, messages: readonly CustomerEventMessage[]) => boolean = () => false,
) => {
  const handled: CustomerEventMessage[] = [];
  const attempted: CustomerEventMessage[][] = [];
  let waiters: Array<() => void> = [];
  const wake = () => {
    const woken = waiters;
    waiters = [];
    for (const resolve of woken) resolve();
  };
  const handler: CustomerEventBatchHandler = async (messages) => {
    attempted.push([...messages]);
    wake();
    if (failWhile(attempted.length, messages))
      throw new Error(`attempt ${attempted.length} fails on purpose`);
    handled.push(...messages);
    wake();
  };
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  return {
    handler,
    handled,
    attempted,
    /** Resolves once `count` messages were handled successfully. */
    handledCount: (count: number) => until(() => handled.length >= count),
    /** Resolves once the handler was called `count` times, successful or not. */
    attempts: (count: number) => until(() => attempted.length >= count),
    /** Resolves once every given message was handled. */
    handledAll: (messages: readonly CustomerEventMessage[]) => {
      const wanted = new Set(messages.map((message) => message.eventId));
      return until(() => {
        const seen = new Set(handled.map((message) => message.eventId));
        return [...wanted].every((eventId) => seen.has(eventId));
      });
    },
    revisionsOf: (customerId: string) =>
      handled.filter((message) => message.customerId === customerId).map((message) => message.revision),
  };
};
