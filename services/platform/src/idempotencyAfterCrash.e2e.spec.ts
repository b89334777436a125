import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { customerStreamName } from "@crm/domain";
import type { EventStore } from "@crm/event-store";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { withCollectionAliases } from "@crm/read-models";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Platform, startPlatform } from "./platform.ts";
import { aComplaint, anIdempotencyKey, anInteraction, givenALead } from "./testing/customerFixtures.ts";
import { testClock } from "./testing/testClock.ts";
import { aLead, apiClient, type Reply, TEST_API_KEYS } from "./testing/testPlatform.ts";
import { expectTheFirstAnswerAgain } from "./testing/thenSteps.ts";

// Contract section 2 across a crash: the claim, the command's events and the stored answer are
// three appends, and a process can die after the events and before the answer. Here the store
// loses every stored answer (as a crash at that moment would), and a retry after the claim
// timeout must still get the first answer, with nothing appended twice. The process-level
// version (SIGKILL at random moments) is idempotencyCrash.e2e.spec.ts.

const CLAIM_TIMEOUT_MS = 30_000;

/** The embedded store, except that the append recording a keyed request's answer never lands. */
const losingStoredAnswers = (store: EventStore): EventStore => ({
  ...store,
  append: (stream, events, options) =>
    events.some((event) => event.type === "IdempotentResponseRecorded")
      ? Promise.reject(new Error("the process died before the answer was stored"))
      : store.append(stream, events, options),
  readStream: (stream) => store.readStream(stream),
  readAll: (options) => store.readAll(options),
  subscribeToAll: (handler, options) => store.subscribeToAll(handler, options),
  close: () => store.close(),
});

describe("Idempotency-Key when the answer was lost after the command was recorded", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "crm-idempotency-crash-"));
  const clock = testClock();
  let platform: Platform;
  let as: ReturnType<typeof apiClient>;
  let instant = Date.parse("2026-03-02T09:00:00Z");

  beforeAll(async () => {
    clock.set(new Date(instant).toISOString());
    platform = await startPlatform({
      eventStore: losingStoredAnswers(openSqliteEventStore({ path: join(dataDir, "events.sqlite") })),
      readStore: await withCollectionAliases(openSqliteReadStore({ path: join(dataDir, "read.sqlite") })),
      apiKeys: TEST_API_KEYS,
      projectReadModels: true,
      clock: clock.now,
    });
    as = apiClient(platform);
  });
  afterAll(async () => {
    await platform.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const afterTheClaimTimeout = () => {
    instant += CLAIM_TIMEOUT_MS + 1_000;
    clock.set(new Date(instant).toISOString());
  };
  const aCustomer = () => givenALead({ as });
  const customerEvents = async (customerId: string) =>
    platform.eventStore.readStream(customerStreamName(customerId));
  /**
   * Sends a keyed request whose stored answer is lost, lets the claim time out (while `meanwhile`
   * happens), and sends it again: the retry must get the first answer, status and body.
   */
  const retriedAfterTheClaimTimeout = async (
    request: (key: Record<string, string>) => Promise<Reply>,
    status: number,
    meanwhile = async () => {},
  ) => {
    const key = anIdempotencyKey();
    const first = await request(key);
    expect(first.status, JSON.stringify(first.body)).toBe(status);
    afterTheClaimTimeout();
    await meanwhile();

    const retry = await request(key);

    expectTheFirstAnswerAgain(first, retry);
    return retry;
  };

  it("given a created lead whose answer was lost, when retried after the claim timeout, then the same customer comes back and no second one exists", async () => {
    const body = aLead();

    await retriedAfterTheClaimTimeout((key) => as("sales").post("/leads", body, key), 201);

    const leads = [];
    for await (const event of platform.eventStore.readAll({ streamPrefix: "crm-customer-" }))
      if (event.type === "LeadCreated" && (event.data as { email: string }).email === body.email)
        leads.push(event);
    expect(leads).toHaveLength(1);
  });

  it.each([
    ["an interaction", "interactions", anInteraction(), "InteractionLogged", "interactionId"],
    ["a complaint", "complaints", aComplaint(), "ComplaintFiled", "complaintId"],
  ])(
    "given %s whose answer was lost, when retried after the claim timeout, then the first answer (its id too) comes back and it is recorded once",
    async (_what, path, body, type, idField) => {
      const customerId = await aCustomer();

      const retry = await retriedAfterTheClaimTimeout(
        (key) => as("admin").post(`/customers/${customerId}/${path}`, body, key),
        201,
      );

      expect(retry.body[idField]).toEqual(expect.any(String));
      expect((await customerEvents(customerId)).filter((event) => event.type === type)).toHaveLength(1);
    },
  );

  it("given a won stage move whose answer was lost, when retried after the claim timeout, then 200 with the first revision, not 422 invalid_transition", async () => {
    const customerId = await aCustomer();
    const body = { stage: "won", amount: 4800 };

    await retriedAfterTheClaimTimeout(
      (key) => as("sales").post(`/customers/${customerId}/stage`, body, key),
      200,
    );

    expect(await customerEvents(customerId)).toHaveLength(2);
  });

  it("given a purchase whose answer was lost, when retried after the claim timeout, then 201, not 409 duplicate_order", async () => {
    const customerId = await aCustomer();
    await as("sales").post(`/customers/${customerId}/stage`, { stage: "won", amount: 100 });
    const body = { orderId: "SO-7", amount: 250 };

    await retriedAfterTheClaimTimeout(
      (key) => as("sales").post(`/customers/${customerId}/purchases`, body, key),
      201,
    );

    expect(
      (await customerEvents(customerId)).filter((event) => event.type === "PurchaseRecorded"),
    ).toHaveLength(1);
  });

  it("given a profile change whose answer was lost and a later call, when retried after the claim timeout, then the first revision comes back and it is recorded once", async () => {
    const customerId = await aCustomer();
    const body = { phone: "+86 138 0013 8000" };

    await retriedAfterTheClaimTimeout(
      (key) => as("sales").send("PATCH", `/customers/${customerId}`, { payload: body, headers: key }),
      200,
      // A colleague's call moves the customer on: the retry must still get the first answer.
      async () => {
        expect(
          (await as("sales").post(`/customers/${customerId}/interactions`, anInteraction())).status,
        ).toBe(201);
      },
    );

    expect(
      (await customerEvents(customerId)).filter((event) => event.type === "ProfileUpdated"),
    ).toHaveLength(1);
  });

  it("given a merge whose answer was lost and a later call on the survivor, when retried after the claim timeout, then the first answer, not the current revision", async () => {
    const survivor = await aCustomer();
    const body = { duplicateId: await aCustomer() };

    await retriedAfterTheClaimTimeout(
      (key) => as("sales").post(`/customers/${survivor}/merge`, body, key),
      200,
      async () => {
        expect((await as("sales").post(`/customers/${survivor}/interactions`, anInteraction())).status).toBe(
          201,
        );
      },
    );

    expect((await customerEvents(survivor)).filter((event) => event.type === "CustomerMerged")).toHaveLength(
      1,
    );
  });
});
