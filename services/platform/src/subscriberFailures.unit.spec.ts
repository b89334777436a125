import { inMemoryEventStore } from "@crm/event-store";
import { checkpointsWithOutages, withOutages } from "@crm/event-store/testing";
import { withCollectionAliases } from "@crm/read-models";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import { stopAfterEach } from "@crm/testing/specs";
import { pino } from "pino";
import { describe, expect, it, vi } from "vitest";
import { startPlatform } from "./platform.ts";
import { TEST_API_KEYS } from "./testing/testPlatform.ts";

// The in-process subscribers (projector, referral reactor, the organisation directory and
// duplicate review queue) fail and restart inside the API process: a failure is logged and
// retried, never thrown at the process.

const until = { timeout: 8_000, interval: 20 };

/** A pino logger whose error lines the test can read. */
const recordingLogger = () => {
  const lines: Array<{ level: number; msg: string }> = [];
  const logger = pino({ level: "warn" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, errors: () => lines.filter((line) => line.level >= 50).map((line) => line.msg) };
};

const platformOn = async (options: { readStoreDownAtStart?: boolean } = {}) => {
  const events = withOutages(inMemoryEventStore());
  const readStore = await withCollectionAliases(openSqliteReadStore({ path: ":memory:" }));
  const checkpoints = checkpointsWithOutages(readStore.checkpoints);
  if (options.readStoreDownAtStart) checkpoints.goDown();
  const log = recordingLogger();
  const platform = await startPlatform({
    eventStore: events.eventStore,
    readStore: { ...readStore, checkpoints: checkpoints.checkpoints },
    apiKeys: TEST_API_KEYS,
    projectReadModels: true,
    logger: log.logger,
  });
  return { platform, events, checkpoints, log };
};

describe("subscribers in the API process", () => {
  const started = stopAfterEach();

  it("given the read store is down while the platform starts, when it comes back, then every subscriber catches up", async () => {
    const subject = await platformOn({ readStoreDownAtStart: true });
    const platform = started(subject.platform);

    await vi.waitFor(() => expect(subject.log.errors().length).toBeGreaterThan(0), until);
    subject.checkpoints.comeBack();

    await platform.caughtUp;
    expect(subject.log.errors()).toContain("read-model projector failed; restarting");
  });

  it("given the event store drops every subscription, when it comes back, then the platform answers and subscribers resume", async () => {
    const subject = await platformOn();
    const platform = started(subject.platform);
    await platform.caughtUp;

    subject.events.goDown(new Error("connection to the event store lost"));
    await vi.waitFor(() => expect(subject.log.errors().length).toBeGreaterThanOrEqual(3), until);
    subject.events.comeBack();

    const keyOf = (role: string) => TEST_API_KEYS.find((key) => key.role === role)?.key;
    const created = await platform.app.inject({
      method: "POST",
      url: "/api/v1/leads",
      headers: { authorization: `Bearer ${keyOf("sales")}` },
      payload: { name: "王芳", company: "上海科技发展有限公司", source: "web" },
    });
    expect(created.statusCode).toBe(201);
    const search = await platform.app.inject({
      method: "GET",
      url: `/api/v1/customers?q=${encodeURIComponent("王芳")}`,
      headers: { authorization: `Bearer ${keyOf("analyst")}` },
    });
    expect(search.json().items.map((item: { customerId: string }) => item.customerId)).toEqual([
      created.json().customerId,
    ]);
    expect(subject.log.errors()).toEqual(
      expect.arrayContaining([
        "read-model projector failed; restarting",
        "referral reactor failed; restarting",
        "organisation directory and duplicate review queue failed; restarting",
      ]),
    );
  });
});
