import { startCustomerTraffic } from "@crm/relay/testing";
import { describeWithServer, kafkaAndMongo } from "@crm/test-servers";
import { expect, it, vi } from "vitest";
import { aDistributedRun } from "./testing/distributedRun.ts";
import { PROJECTOR_MAIN } from "./testing/serviceProcess.ts";
import { mongoTestReadStoreBehindAProxy } from "./testing/testReadStore.ts";

// Issue: while the read store is down, a batch fails, nothing is committed, and the consumer
// retries with backoff until it comes back: no crash loop, no skipped messages. MongoDB is
// taken away by a forwarder between the projector and the server (the server may be shared).
// The messages are on the topic before the projector starts, so its first batch meets the outage.

const NOW = new Date("2026-06-30T12:00:00.000Z");
const UNAVAILABLE = "read store unavailable; batch not committed, retrying";

await describeWithServer("projector while the MongoDB read store is down", kafkaAndMongo, (servers) => {
  it("given the read store unreachable, when batches arrive, then the projector process retries them with growing waits, commits nothing and stays up; once the store is back it catches up to a full replay", {
    timeout: 90_000,
  }, async () => {
    const readModels = await mongoTestReadStoreBehindAProxy(servers.mongoUrl);
    const run = aDistributedRun("read-store-outage", servers.brokers, {
      partitions: 3,
      readModelsIn: () => readModels,
    });
    try {
      const traffic = startCustomerTraffic(run.eventStore, { random: run.random });
      await traffic.reached(400);
      const appended = await traffic.stop();
      await run.publishTheHistory();

      await readModels.cut();
      const projector = run.launch("projector", PROJECTOR_MAIN);
      const unavailable = () => projector.lines.filter((line) => line.msg === UNAVAILABLE);
      // The partitions are consumed side by side, each retrying its own batch: the waits
      // grow per partition, so they are read from the first partition told three times.
      const waitsOfOnePartition = () => {
        const byPartition = Map.groupBy(unavailable(), (line) => line.partition);
        return [...byPartition.values()].find((lines) => lines.length >= 3);
      };
      await vi.waitFor(() => expect(waitsOfOnePartition()).toBeDefined(), { timeout: 30_000 });
      const waits = (waitsOfOnePartition() ?? []).slice(0, 3).map((line) => line.retryInMs as number);
      expect(waits[1]).toBeGreaterThan(waits[0] ?? 0);
      expect(waits[2]).toBeGreaterThan(waits[1] ?? 0);
      const committed = await run.committedOffsets();
      expect(committed.length).toBeGreaterThan(0);
      expect(committed.every((offset) => offset === "-1")).toBe(true);
      expect(projector.running()).toBe(true);

      await readModels.restore();
      await run.untilTheGroupCommittedAll();
      expect(await projector.kill("SIGTERM")).toEqual({ code: 0, signal: null });

      await run.expectTheReadModelToEqualAReplay(appended, NOW);
    } finally {
      await run.end();
    }
  });
});
