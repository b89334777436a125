import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CustomerEventBus } from "../customerEventBus.ts";
import {
  chunks,
  customerMessages,
  interleaved,
  newGroup,
  type OpenBus,
  recorder,
} from "./contractFixtures.ts";

export type { OpenBus } from "./contractFixtures.ts";
export { customerMessages, recorder } from "./contractFixtures.ts";

/**
 * What every CustomerEventBus adapter must do, as one vitest suite. `open` gives each test
 * a bus on storage of its own (for Kafka: a fresh topic on the shared broker).
 */
export const customerEventBusContract = (name: string, open: OpenBus): void => {
  describe(`customer event bus contract: ${name}`, () => {
    let bus: CustomerEventBus;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ bus, dispose } = await open());
    });
    afterEach(() => dispose());

    const customers = (count: number) => Array.from({ length: count }, () => randomUUID());

    it("a group receives every published message as it was published, each customer's in the order published", async () => {
      const ids = customers(6);
      const perCustomer = ids.map((id) => customerMessages(id, 8));
      for (const batch of chunks(interleaved(perCustomer), 10)) await bus.publish(batch);

      const seen = recorder();
      await bus.consume(newGroup("order"), seen.handler);
      await seen.handledCount(48);

      for (const id of ids) expect(seen.revisionsOf(id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      const byEventId = (a: { eventId: string }, b: { eventId: string }) => (a.eventId < b.eventId ? -1 : 1);
      expect([...seen.handled].sort(byEventId)).toEqual(perCustomer.flat().sort(byEventId));
    });

    it("a batch whose handler threw comes again after a wait, and nothing after it is handled first", async () => {
      const ids = customers(3);
      const messages = interleaved(ids.map((id) => customerMessages(id, 5)));
      await bus.publish(messages);

      const errors: Array<{ error: unknown; retryInMs: number }> = [];
      // The first batch handed over fails twice; batches of other partitions may run meanwhile.
      let failing: string | undefined;
      const isFailing = (batch: readonly { eventId: string }[] | undefined) =>
        batch?.[0]?.eventId === failing;
      const seen = recorder((_attempt, batch) => {
        failing ??= batch[0]?.eventId;
        return isFailing(batch) && seen.attempted.filter(isFailing).length <= 2;
      });
      await bus.consume(newGroup("retry"), seen.handler, {
        onError: (error, retryInMs) => errors.push({ error, retryInMs }),
      });
      await seen.handledCount(messages.length);

      const attemptsOfFailing = seen.attempted.filter(isFailing);
      expect(attemptsOfFailing.length).toBeGreaterThanOrEqual(3);
      expect(attemptsOfFailing[1]).toEqual(attemptsOfFailing[0]);
      expect(attemptsOfFailing[2]?.slice(0, attemptsOfFailing[0]?.length)).toEqual(attemptsOfFailing[0]);
      // A later batch of the failing one's partition handled first would put a customer out of order.
      for (const id of ids) expect(seen.revisionsOf(id)).toEqual([0, 1, 2, 3, 4]);
      expect(errors).toHaveLength(2);
      expect(errors.every(({ retryInMs }) => retryInMs > 0)).toBe(true);
    });

    it("a member that leaves before its handler succeeded commits nothing: the group's next member gets the same messages, and a success is committed", async () => {
      const ids = customers(4);
      const first = interleaved(ids.map((id) => customerMessages(id, 3)));
      await bus.publish(first);
      const group = newGroup("handover");

      const failing = recorder(() => true);
      const dying = await bus.consume(group, failing.handler);
      await failing.attempts(1);
      await dying.stop();

      const next = recorder();
      const successor = await bus.consume(group, next.handler);
      await next.handledAll(first);
      expect(next.handled.map((message) => message.eventId)).toEqual(
        expect.arrayContaining(failing.attempted.flat().map((message) => message.eventId)),
      );
      await successor.stop();

      // One more message per customer: each lands behind that customer's earlier ones, so an
      // uncommitted earlier message would reach the third member before its customer's last.
      const last = ids.flatMap((id) => customerMessages(id, 1, 3));
      await bus.publish(last);
      const third = recorder();
      await bus.consume(group, third.handler);
      await third.handledAll(last);
      expect(third.handled.map((message) => message.eventId).sort()).toEqual(
        last.map((message) => message.eventId).sort(),
      );
    });

    it("groups are independent: a new group starts at the oldest message whatever another group committed", async () => {
      const ids = customers(3);
      const early = interleaved(ids.map((id) => customerMessages(id, 4)));
      await bus.publish(early);
      const reporting = newGroup("reporting");
      const readModels = newGroup("read-models");

      const firstReader = recorder();
      const firstMember = await bus.consume(reporting, firstReader.handler);
      await firstReader.handledAll(early);
      await firstMember.stop();

      const late = ids.flatMap((id) => customerMessages(id, 1, 4));
      await bus.publish(late);
      const other = recorder();
      const resumed = recorder();
      await bus.consume(readModels, other.handler);
      await bus.consume(reporting, resumed.handler);
      await Promise.all([other.handledAll([...early, ...late]), resumed.handledAll(late)]);

      for (const id of ids) expect(other.revisionsOf(id)).toEqual([0, 1, 2, 3, 4]);
      expect(resumed.handled.map((message) => message.eventId).sort()).toEqual(
        late.map((message) => message.eventId).sort(),
      );
    });
  });
};
