import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CUSTOMER_STREAM_PREFIX, toRecordedCustomerEvent } from "@crm/domain";
import { customerEventMessageSchema, toCustomerEventMessage } from "@crm/event-contracts";
import type { EventStore } from "@crm/event-store";
import { openEventStoreDbStore } from "@crm/event-store-esdb";
import { type StandInServer, startStandInServer } from "@crm/event-store-esdb/testing";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { withCollectionAliases } from "@crm/read-models";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import { STORE_FILES, storeFile } from "@crm/stores";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Platform, startPlatform } from "./platform.ts";
import { readEventStream } from "./testing/eventStreamReader.ts";
import { aLead, apiClient, TEST_API_KEYS } from "./testing/testPlatform.ts";

// Contract section 11: GET /events and GET /events/stream, customer events in the store's
// order in the topic's message shape, for admin and integration. Backed by the event store's
// own global order on both setups: the embedded SQLite store, and the EventStoreDB adapter
// (through the real client, on the stand-in server where no EventStoreDB can run).

type EventStoreSetup = {
  name: string;
  /** A position the store never gave out and refuses (EventStoreDB checks; SQLite reads on from any). */
  foreignPosition?: string;
  open(dataDir: string): Promise<{ store: EventStore; stop(): Promise<void> }>;
};

const SETUPS: EventStoreSetup[] = [
  {
    name: "the embedded SQLite event store",
    open: async (dataDir) => ({
      store: openSqliteEventStore({ path: storeFile(dataDir, STORE_FILES.events) }),
      stop: async () => undefined,
    }),
  },
  {
    name: "the EventStoreDB adapter (stand-in server)",
    foreignPosition: "12345",
    open: async () => {
      const server: StandInServer = await startStandInServer({ batchAppend: true });
      return {
        store: openEventStoreDbStore({ connectionString: server.connectionString }),
        stop: () => server.stop(),
      };
    },
  },
];

const keyOf = (role: string) => TEST_API_KEYS.find((key) => key.role === role)?.key ?? "";

describe.each(SETUPS)("the customer-event feed over HTTP, on $name", (setup) => {
  const dataDir = mkdtempSync(join(tmpdir(), "crm-feed-"));
  let platform: Platform;
  let stopStore: () => Promise<void>;
  let client: ReturnType<typeof apiClient>;
  let base: string;

  beforeAll(async () => {
    const opened = await setup.open(dataDir);
    stopStore = opened.stop;
    platform = await startPlatform({
      eventStore: opened.store,
      readStore: await withCollectionAliases(openSqliteReadStore({ path: join(dataDir, "read.sqlite") })),
      apiKeys: TEST_API_KEYS,
      projectReadModels: true,
      eventStream: { heartbeatMs: 100, stalledReaderMs: 1_000 },
    });
    client = apiClient(platform);
    base = `${await platform.app.listen({ port: 0, host: "127.0.0.1" })}/api/v1`;
  });
  afterAll(async () => {
    await platform.close();
    await stopStore();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** What the feed must answer: every customer event in the store, as the relay publishes it. */
  const expectedMessages = async () => {
    const messages = [];
    for await (const stored of platform.eventStore.readAll({ streamPrefix: CUSTOMER_STREAM_PREFIX })) {
      const event = toRecordedCustomerEvent(stored);
      if (event) messages.push(toCustomerEventMessage(event));
    }
    return messages;
  };
  const someCommands = async (count: number) => {
    for (let lead = 0; lead < count; lead++) {
      const created = await client("sales").post("/leads", aLead());
      expect(created.status).toBe(201);
      const advanced = await client("sales").post(`/customers/${created.body.customerId}/stage`, {
        stage: "qualified",
      });
      expect(advanced.status).toBe(200);
    }
  };

  it("given customer events, when /events is paged with next, then every customer event comes once, in store order, as the topic's message", async () => {
    await someCommands(4);
    const expected = await expectedMessages();
    const read = [];
    let after: string | undefined;
    for (let page = 0; page < 20; page++) {
      const reply = await client("integration").get(`/events?limit=3${after ? `&after=${after}` : ""}`);
      expect(reply.status).toBe(200);
      expect(reply.body.items.length).toBeLessThanOrEqual(3);
      read.push(...reply.body.items);
      if (reply.body.items.length === 0) {
        expect(reply.body.next).toBe(after);
        break;
      }
      expect(reply.body.next).toBe(reply.body.items.at(-1).position);
      after = reply.body.next;
    }
    expect(read).toEqual(expected);
    for (const message of read) customerEventMessageSchema.parse(message);
    expect(new Set(read.map((message) => message.eventId)).size).toBe(read.length);
  });

  it("given each role, when /events is read, then admin and integration may, the others get 403 and no key 401; a bad position or limit is 400 naming it", async () => {
    for (const role of ["admin", "integration"] as const)
      expect((await client(role).get("/events")).status).toBe(200);
    for (const role of ["sales", "service", "analyst", "auditor"] as const)
      expect((await client(role).get("/events")).body.error).toBe("forbidden");
    expect((await client(null).get("/events")).status).toBe(401);
    for (const [query, field] of [
      ["after=-1", "after"],
      ["after=abc", "after"],
      ["after=99999999999999999999", "after"],
      ["limit=0", "limit"],
      ["limit=1001", "limit"],
    ]) {
      const reply = await client("integration").get(`/events?${query}`);
      expect(reply.status).toBe(400);
      expect(reply.body.error).toBe("validation_failed");
      expect(JSON.stringify(reply.body.details)).toContain(field);
    }
    if (setup.foreignPosition) {
      const foreign = await client("integration").get(`/events?after=${setup.foreignPosition}`);
      expect(foreign.status).toBe(400);
      expect(JSON.stringify(foreign.body.details)).toContain("after");
      const resumed = await client("integration").get("/events/stream", {
        "last-event-id": setup.foreignPosition,
      });
      expect(resumed.status).toBe(400);
      expect(JSON.stringify(resumed.body.details)).toContain("last-event-id");
    }
    expect((await client("sales").get("/events/stream")).status).toBe(403);
    expect((await client("integration").get("/events/stream?after=x")).status).toBe(400);
  });

  it("given commands arriving while a consumer reads /events/stream from position 0, then it sees every event exactly once in order, and after a dropped connection Last-Event-ID resumes without a gap", async () => {
    const headers = { authorization: `Bearer ${keyOf("integration")}` };
    const first = await readEventStream(`${base}/events/stream?after=0`, headers);
    expect(first.status).toBe(200);
    expect(first.contentType).toContain("text/event-stream");
    const writing = someCommands(6);
    await first.until(() => first.events.length >= 8);
    await first.drop();
    await writing;
    const lastSeen = first.events.at(-1)?.id ?? "";

    const resumed = await readEventStream(`${base}/events/stream?after=0`, {
      ...headers,
      "last-event-id": lastSeen,
    });
    const more = someCommands(2);
    await more;
    const expected = await expectedMessages();
    await resumed.until(() => first.events.length + resumed.events.length >= expected.length);
    // Live, then quiet: heartbeats keep the connection open.
    const beats = resumed.comments();
    await resumed.until(() => resumed.comments() > beats + 1);
    await resumed.drop();

    const seen = [...first.events, ...resumed.events];
    expect(seen.map((event) => JSON.parse(event.data))).toEqual(expected);
    expect(seen.map((event) => event.id)).toEqual(expected.map((message) => message.position));
  });
});
