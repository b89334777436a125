import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inProcessCustomerEventBus } from "@crm/event-bus";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { readAllCustomerEvents } from "@crm/read-models";
import { openReadStoreDatabase, openSqliteReadStore, sqliteCheckpointStore } from "@crm/read-store-sqlite";
import { relayCheckpointName, startRelay } from "@crm/relay";
import { startCustomerTraffic } from "@crm/relay/testing";
import { STORE_FILES, storeFile } from "@crm/stores";
import { seededRandom } from "@crm/testing";
import { describe, expect, it } from "vitest";
import { startReadModelProjector } from "./readModelProjector.ts";
import { readModelVersusReplay } from "./testing/readModelVersusReplay.ts";

// The same relay and projector on the in-process bus, as the embedded platform would run
// them: one process, no broker. The relay's checkpoint lives no longer than the bus's memory.

const NOW = new Date("2026-06-30T12:00:00.000Z");

describe("embedded path: relay -> in-process bus -> projector", () => {
  it("projects what the relay publishes while commands append, ignores what a relay started from an older checkpoint publishes again and a type this build does not know, and equals a full replay", async () => {
    const dir = mkdtempSync(join(tmpdir(), "crm-in-process-"));
    const eventStore = openSqliteEventStore({ path: storeFile(dir, STORE_FILES.events) });
    const readStore = openSqliteReadStore({ path: storeFile(dir, STORE_FILES.readModels) });
    const checkpointsDb = openReadStoreDatabase(":memory:");
    const checkpoints = sqliteCheckpointStore(checkpointsDb);
    const bus = inProcessCustomerEventBus({ maxBatchSize: 40 });
    try {
      let projectedUpTo: string | undefined;
      let projected: () => void = () => undefined;
      await startReadModelProjector({
        bus,
        readStore,
        onProjected: ({ lastPosition }) => {
          projectedUpTo = lastPosition;
          projected();
        },
      });
      const traffic = startCustomerTraffic(eventStore, { random: seededRandom(11), pauseMs: 1 });
      const firstRelay = startRelay({ eventStore, bus, checkpoints, batchSize: 25 });
      await traffic.reached(250);
      await firstRelay.stop();
      const halfway = (await readAllCustomerEvents(eventStore))[120]?.position;
      await checkpoints.store(relayCheckpointName(), BigInt(halfway ?? 0));

      const secondRelay = startRelay({ eventStore, bus, checkpoints, batchSize: 25 });
      const appended = await traffic.stop();
      const events = await readAllCustomerEvents(eventStore);
      const last = events.at(-1);
      await secondRelay.waitFor(BigInt(last?.position ?? 0));
      await secondRelay.stop();
      // A newer producer's event type on an existing customer: this build passes it over.
      const endPosition = String(BigInt(last?.position ?? 0) + 1n);
      await bus.publish([
        {
          eventId: randomUUID(),
          type: "CustomerRenamedInTheFuture",
          schemaVersion: 1,
          customerId: events[0]?.customerId ?? "",
          revision: 10_000,
          position: endPosition,
          occurredAt: NOW.toISOString(),
          recordedAt: NOW.toISOString(),
          actor: { id: "rep-1", role: "admin" },
          correlationId: randomUUID(),
          causationId: randomUUID(),
          data: { into: randomUUID() },
        },
      ]);
      while (projectedUpTo !== endPosition) await new Promise<void>((resolve) => (projected = resolve));

      const { facts, views } = await readModelVersusReplay(eventStore, readStore, NOW);
      expect(facts.stored).toHaveLength(appended.customers);
      expect(facts.stored).toEqual(facts.rebuilt);
      expect(views.readModel).toEqual(views.replay);
    } finally {
      await bus.close();
      await readStore.close();
      checkpointsDb.close();
      await eventStore.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
