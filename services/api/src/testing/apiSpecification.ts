import {
  appendHistories,
  directoryInMemory,
  lastPosition,
  newEventsByCustomer,
} from "@crm/customers/testing";
import type { CustomerEvent } from "@crm/domain";
import { type EventStore, inMemoryEventStore } from "@crm/event-store";
import type { ViewQueries } from "@crm/read-models";
import { ReadStoreUnavailableError } from "@crm/read-store";
import { expect } from "vitest";
import { type ApiKey, ROLES } from "../access.ts";
import { buildApi } from "../app.ts";
import type { ReadModelAccess } from "../readModelAccess.ts";
import { type ApiRequest, type ApiResponse, injectRequest } from "./injectRequest.ts";

// Emmett's ApiSpecification for our API: the whole fastify pipeline (auth, validation, the
// command responder, error bodies) through fastify.inject, on the in-memory event store. No
// file, no port: given customers' streams, when a request, then the response and the events.

export const API_KEYS: ApiKey[] = ROLES.map((role) => ({
  key: `key-of-${role}-0123456789`,
  actorId: `${role}-1`,
  role,
}));
const NOW = new Date("2026-06-01T09:00:00.000Z");

/** The read side, down: every read refuses as an unreachable read store does. */
const readSideDown = (): ReadModelAccess => {
  const down = async (): Promise<never> => {
    throw new ReadStoreUnavailableError("the read store is down (a test's outage)");
  };
  return {
    // Every view, whichever views there are, refuses.
    views: new Proxy({}, { get: () => down }) as ViewQueries,
    // A collection whose every call refuses.
    customerSummaries: new Proxy({}, { get: () => down }) as ReadModelAccess["customerSummaries"],
    auditTrail: { page: down },
    duplicatePairs: down,
    followUps: {
      entries: new Proxy({}, { get: () => down }) as ReadModelAccess["followUps"]["entries"],
      customers: new Proxy({}, { get: () => down }) as ReadModelAccess["followUps"]["customers"],
    },
    settle: async () => undefined,
  };
};

export type { ApiRequest, ApiResponse };

export const apiSpecification = async (options: { eventStore?: EventStore } = {}) => {
  const eventStore = options.eventStore ?? inMemoryEventStore();
  const app = await buildApi({
    eventStore,
    directory: directoryInMemory(),
    apiKeys: API_KEYS,
    readModels: readSideDown(),
    clock: () => NOW,
  });

  const send = (request: ApiRequest): Promise<ApiResponse> => {
    const key = API_KEYS.find((apiKey) => apiKey.role === request.as)?.key;
    return injectRequest(app, {
      ...request,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...request.headers },
    });
  };

  return {
    app,
    eventStore,
    send,
    given: (histories: Record<string, CustomerEvent[]> = {}) => ({
      when: (...requests: ApiRequest[]) => ({
        /** Sends the requests in order; checks the last response and every customer event they appended. */
        // biome-ignore lint/suspicious/noThenProperty: given/when/then is the vocabulary of the spec
        then: async (expected: { status: number; body?: object; newEvents?: Record<string, object[]> }) => {
          await appendHistories(eventStore, histories);
          const before = await lastPosition(eventStore);
          let response: ApiResponse | undefined;
          for (const request of requests) response = await send(request);
          expect(response?.status, JSON.stringify(response?.body)).toBe(expected.status);
          if (expected.body !== undefined) expect(response?.body).toMatchObject(expected.body);
          const appended = await newEventsByCustomer(eventStore, before);
          expect(appended).toMatchObject(expected.newEvents ?? {});
          expect(Object.keys(appended).sort()).toEqual(Object.keys(expected.newEvents ?? {}).sort());
          return response as ApiResponse;
        },
      }),
    }),
    close: () => app.close(),
  };
};
