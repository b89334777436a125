import {
  CUSTOMER_STREAM_PREFIX,
  type CustomerEvent,
  customerStreamName,
  DomainError,
  type DomainErrorCode,
  GENESIS_HASH,
  toRecordedCustomerEvent,
} from "@crm/domain";
import { type EventStore, inMemoryEventStore } from "@crm/event-store";
import { expect } from "vitest";
import { envelopeEvents } from "../eventEnvelope.ts";
import { SALES_REP, salesDesk } from "./salesDesk.ts";

// Emmett's command-handler specification for our use cases, on the in-memory event store:
// given customers' streams (as domain events), when a use case runs, then these new events
// (per customer) or this domain error. Milliseconds, no file, no server.

export type SalesDesk = ReturnType<typeof salesDesk>;
/** Customers' histories by customerId, or anything done through the use cases first. */
export type Given = Record<string, CustomerEvent[]> | ((desk: SalesDesk) => Promise<unknown>);
/** A new event as the spec states it: its type and the facts it must carry. */
export type ExpectedEvent = {
  type: CustomerEvent["type"];
  occurredAt?: string;
  data?: Record<string, unknown>;
};

const NOW = new Date("2026-06-01T09:00:00.000Z");

/** Appends each customer's history as the use cases would have: enveloped and hash-chained. */
export const appendHistories = async (store: EventStore, histories: Record<string, CustomerEvent[]>) => {
  for (const [customerId, events] of Object.entries(histories))
    await store.append(
      customerStreamName(customerId),
      envelopeEvents(events, { ...SALES_REP, commandName: "given" }, NOW.toISOString(), GENESIS_HASH),
      { expectedRevision: "no_stream" },
    );
};

/** The customer events appended after `after`, by customerId, in order. */
export const newEventsByCustomer = async (store: EventStore, after: bigint | undefined) => {
  const byCustomer: Record<string, ExpectedEvent[]> = {};
  for await (const stored of store.readAll({
    ...(after === undefined ? {} : { after }),
    streamPrefix: CUSTOMER_STREAM_PREFIX,
  })) {
    const event = toRecordedCustomerEvent(stored);
    if (!event) continue;
    const events = byCustomer[event.customerId] ?? [];
    byCustomer[event.customerId] = events;
    events.push({
      type: event.type,
      occurredAt: event.occurredAt,
      data: event.data,
    });
  }
  return byCustomer;
};

export const lastPosition = async (store: EventStore) => {
  let last: bigint | undefined;
  for await (const event of store.readAll()) last = event.position;
  return last;
};

export const customerSpecification = (options: { eventStore?: EventStore; clock?: () => Date } = {}) => {
  const desk = salesDesk({
    eventStore: options.eventStore ?? inMemoryEventStore(),
    clock: options.clock ?? (() => NOW),
  });
  return {
    desk,
    given: (...givens: Given[]) => ({
      when: (useCase: (desk: SalesDesk) => Promise<unknown>) => {
        const run = async () => {
          for (const given of givens)
            if (typeof given === "function") await given(desk);
            else await appendHistories(desk.eventStore, given);
          const before = await lastPosition(desk.eventStore);
          let outcome: { result: unknown } | { error: unknown };
          try {
            outcome = { result: await useCase(desk) };
          } catch (error) {
            outcome = { error };
          }
          return { outcome, appended: await newEventsByCustomer(desk.eventStore, before) };
        };
        return {
          /** The use case succeeded and appended exactly these events (facts matched, not every field). */
          // biome-ignore lint/suspicious/noThenProperty: given/when/then is the vocabulary of the spec
          then: async (expected: Record<string, ExpectedEvent[]>) => {
            const { outcome, appended } = await run();
            if ("error" in outcome) throw outcome.error;
            expect(appended).toMatchObject(expected);
            expect(Object.keys(appended).sort()).toEqual(Object.keys(expected).sort());
            return outcome.result;
          },
          thenNothingHappened: async () => {
            const { outcome, appended } = await run();
            if ("error" in outcome) throw outcome.error;
            expect(appended).toEqual({});
            return outcome.result;
          },
          /** The use case was refused with this domain error, and no customer event was appended. */
          thenFails: async (code: DomainErrorCode, details?: Record<string, unknown>) => {
            const { outcome, appended } = await run();
            expect("error" in outcome ? outcome.error : outcome.result).toBeInstanceOf(DomainError);
            const error = (outcome as { error: DomainError }).error;
            expect(error.code).toBe(code);
            if (details) expect(error.details).toMatchObject(details);
            expect(appended).toEqual({});
          },
        };
      },
    }),
  };
};
