import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CUSTOMER_STREAM_PREFIX } from "@crm/domain";
import { customerEventMessageOf } from "@crm/event-contracts";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { withCollectionAliases } from "@crm/read-models";
import type { ReadStore } from "@crm/read-store";
import { openMongoReadStore } from "@crm/read-store-mongodb";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import { STORE_FILES, storeFile } from "@crm/stores";
import { describeWithServer, dropMongoDatabase, mongoServer } from "@crm/test-servers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Platform, type PlatformOptions, startPlatform } from "./platform.ts";
import { anInteraction } from "./testing/customerFixtures.ts";
import { aLead, apiClient, TEST_API_KEYS } from "./testing/testPlatform.ts";
import { type WebhookReceiver, webhookReceiver } from "./testing/webhookReceiver.ts";

// Contract section 11: webhook subscribers get every customer event, signed per Standard
// Webhooks, at least once, in per-customer order, retried with growing waits; a subscriber
// that is down loses nothing, across a restart of the platform too. Retry waits are cut to
// milliseconds here; the schedule itself is the delivery package's. Registrations and delivery
// state live in the read store: the specs run on the embedded one and on MongoDB.

const RETRY = { firstMs: 50, longestMs: 400 };

type OpenReadStore = (dataDir: string, database: string) => Promise<ReadStore>;

const webhookSpecs = (openReadStore: OpenReadStore, dropDatabase?: (database: string) => Promise<void>) => {
  let dataDir: string;
  let database: string;
  let platform: Platform;
  const receivers: WebhookReceiver[] = [];
  const start = async (overrides: Partial<PlatformOptions> = {}) => {
    platform = await startPlatform({
      eventStore: openSqliteEventStore({ path: storeFile(dataDir, STORE_FILES.events) }),
      readStore: await withCollectionAliases(await openReadStore(dataDir, database)),
      apiKeys: TEST_API_KEYS,
      projectReadModels: true,
      webhooks: { retry: RETRY },
      ...overrides,
    });
    await platform.caughtUp;
  };
  const as = (role: Parameters<ReturnType<typeof apiClient>>[0]) => apiClient(platform)(role);

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "crm-webhooks-"));
    database = `crm_webhooks_${randomUUID().replaceAll("-", "")}`;
    await start();
  });
  afterEach(async () => {
    await platform.close();
    for (const receiver of receivers.splice(0)) await receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
    await dropDatabase?.(database);
  });

  const register = async (receiver: WebhookReceiver, body: Record<string, unknown> = {}) => {
    const reply = await as("admin").post("/webhooks", { url: receiver.url(), ...body });
    expect(reply.status).toBe(201);
    receiver.useSecret(reply.body.secret);
    return reply.body.webhookId as string;
  };
  const someCommands = async (customers: number) => {
    for (let customer = 0; customer < customers; customer++) {
      const id = (await as("sales").post("/leads", aLead())).body.customerId;
      expect((await as("sales").post(`/customers/${id}/stage`, { stage: "qualified" })).status).toBe(200);
      expect((await as("sales").post(`/customers/${id}/interactions`, anInteraction())).status).toBe(201);
    }
  };
  const customerMessages = async () => {
    const messages = [];
    for await (const stored of platform.eventStore.readAll({ streamPrefix: CUSTOMER_STREAM_PREFIX })) {
      const message = customerEventMessageOf(stored);
      if (message) messages.push(message);
    }
    return messages;
  };
  const eventually = async (condition: () => boolean | Promise<boolean>, ms = 30_000) => {
    const deadline = Date.now() + ms;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error("not reached in time");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  /** Every event, once, in the message shape; each customer's events in revision order. */
  const expectEverything = async (receiver: WebhookReceiver) => {
    const expected = await customerMessages();
    const accepted = receiver.accepted();
    expect(
      accepted.map((delivery) => delivery.body).sort((a, b) => a.eventId.localeCompare(b.eventId)),
    ).toEqual([...expected].sort((a, b) => a.eventId.localeCompare(b.eventId)));
    expect(receiver.received.every((delivery) => delivery.signatureValid)).toBe(true);
    expect(receiver.received.every((delivery) => delivery.webhookId === delivery.body.eventId)).toBe(true);
    const revisions = new Map<string, number[]>();
    for (const { body } of accepted)
      revisions.set(body.customerId, [...(revisions.get(body.customerId) ?? []), body.revision]);
    for (const sequence of revisions.values()) expect(sequence).toEqual(sequence.map((_, index) => index));
  };

  it("given a receiver answering 500 to its first deliveries and one that is down for a while, with a platform restart in between, then both end with every event, signatures valid, each customer's in order, and the failures listed", async () => {
    const flaky = await webhookReceiver({ failFirst: 5 });
    const away = await webhookReceiver({ listenLater: true });
    receivers.push(flaky, away);
    const flakyId = await register(flaky);
    const awayId = await register(away);

    await someCommands(4);
    const firstPart = (await customerMessages()).length;
    await eventually(() => flaky.accepted().length === firstPart);
    await eventually(
      async () => (await as("admin").get(`/webhooks/${awayId}/deliveries`)).body.failures.length >= 2,
    );

    await platform.close();
    await start();
    await someCommands(4);
    await away.start();

    const total = (await customerMessages()).length;
    await eventually(() => flaky.accepted().length === total && away.accepted().length === total);
    await expectEverything(flaky);
    await expectEverything(away);

    const flakyLog = (await as("admin").get(`/webhooks/${flakyId}/deliveries`)).body;
    expect(flakyLog.failures).toHaveLength(5);
    expect(flakyLog.failures[0]).toMatchObject({ status: 500, reason: "answered 500" });
    const awayLog = (await as("admin").get(`/webhooks/${awayId}/deliveries`)).body;
    expect(awayLog.failures[0]).toMatchObject({ status: null });
    // Waits grow: each attempt at one event waits twice the one before, up to the longest wait.
    const attempts = awayLog.failures.map(
      (failure: { attempt: number; failedAt: string; nextAttemptAt: string }) => ({
        attempt: failure.attempt,
        wait: Date.parse(failure.nextAttemptAt) - Date.parse(failure.failedAt),
      }),
    );
    expect(Math.max(...attempts.map(({ attempt }: { attempt: number }) => attempt))).toBeGreaterThanOrEqual(
      3,
    );
    for (const { attempt, wait } of attempts)
      expect(wait).toBe(Math.min(RETRY.longestMs, RETRY.firstMs * 2 ** (attempt - 1)));
    await eventually(
      async () =>
        (await as("admin").get(`/webhooks/${awayId}/deliveries`)).body.deliveredUpTo ===
        (await customerMessages()).at(-1)?.position,
    );
  });

  it("given a subscriber for some types, when events of every kind arrive, then it gets only those types; after a replay from a position it gets every event from there again", async () => {
    const receiver = await webhookReceiver();
    receivers.push(receiver);
    const webhookId = await register(receiver, { types: ["LeadCreated", "StageAdvanced"] });
    await someCommands(3);
    const wanted = (await customerMessages()).filter((message) =>
      ["LeadCreated", "StageAdvanced"].includes(message.type),
    );
    await eventually(() => receiver.accepted().length === wanted.length);
    expect(receiver.accepted().map((delivery) => delivery.body)).toEqual(expect.arrayContaining(wanted));
    expect(new Set(receiver.received.map((delivery) => delivery.body.type))).toEqual(
      new Set(["LeadCreated", "StageAdvanced"]),
    );

    const from = wanted[2]?.position ?? "";
    const before = receiver.received.length;
    const replay = await as("admin").post(`/webhooks/${webhookId}/replay`, { from });
    expect(replay.status).toBe(202);
    const again = wanted.filter((message) => BigInt(message.position) >= BigInt(from));
    await eventually(() => receiver.received.length === before + again.length);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(
      receiver.received
        .slice(before)
        .map((delivery) => delivery.body.position)
        .sort(),
    ).toEqual(again.map((message) => message.position).sort());
  });

  it("given bad registrations, then each is 400 naming the field; link-local and metadata addresses are refused unless allowed; only admin may manage webhooks; the secret is shown once", async () => {
    for (const [body, field] of [
      [{ url: "ftp://example.com/hook" }, "url"],
      [{ url: "not a url" }, "url"],
      [{ url: "http://169.254.169.254/latest/meta-data" }, "url"],
      [{ url: "http://[fe80::1]/hook" }, "url"],
      [{ url: "http://metadata.google.internal/computeMetadata" }, "url"],
      [{ url: "http://127.0.0.1:9/hook", types: ["NoSuchEvent"] }, "types"],
      [{ url: "http://127.0.0.1:9/hook", secret: "plain" }, "secret"],
    ] as const) {
      const reply = await as("admin").post("/webhooks", body);
      expect({ body, status: reply.status, error: reply.body.error }).toEqual({
        body,
        status: 400,
        error: "validation_failed",
      });
      expect(JSON.stringify(reply.body.details)).toContain(field);
    }
    expect((await as("integration").post("/webhooks", { url: "http://127.0.0.1:9/hook" })).status).toBe(403);
    expect((await as("sales").get("/webhooks")).status).toBe(403);
    expect((await as("admin").get(`/webhooks/${crypto.randomUUID()}/deliveries`)).status).toBe(404);
    expect((await as("admin").post(`/webhooks/${crypto.randomUUID()}/replay`, { from: "0" })).status).toBe(
      404,
    );

    const created = await as("admin").post("/webhooks", { url: "http://127.0.0.1:9/hook" });
    expect(created.body.secret).toMatch(/^whsec_/);
    const listed = (await as("admin").get("/webhooks")).body.items;
    expect(listed).toEqual([
      expect.objectContaining({ webhookId: created.body.webhookId, url: "http://127.0.0.1:9/hook" }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(created.body.secret);

    await platform.close();
    await start({ webhooks: { retry: RETRY, allowedHosts: ["169.254.169.254"] } });
    expect((await as("admin").post("/webhooks", { url: "http://169.254.169.254/hook" })).status).toBe(201);
  });
};

describe("webhooks, with registrations in the embedded read store", () =>
  webhookSpecs(async (dataDir) => openSqliteReadStore({ path: storeFile(dataDir, STORE_FILES.readModels) })));

await describeWithServer("webhooks, with registrations in the MongoDB read store", mongoServer, (mongo) =>
  webhookSpecs(
    (_dataDir, database) => openMongoReadStore({ url: mongo.url, database }),
    (database) => dropMongoDatabase(mongo.url, database),
  ),
);
