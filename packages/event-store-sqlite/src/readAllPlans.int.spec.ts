import { randomUUID } from "node:crypto";
import { collect, newEvents } from "@crm/event-store/contract";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeAppendsTo } from "./appendBatch.ts";
import { type Connection, openConnection } from "./connection.ts";
import { PAGE_SIZE, type ReadAllEvents, readAllEventsFrom } from "./readAllEvents.ts";
import { openTemporaryStore } from "./temporaryStore.ts";

// A prefix is read either through the stream index or by walking the log; which one is chosen
// depends on the prefix's size, so both must give the same answer on the same file.
describe("readAll with a stream prefix, by either plan", () => {
  let connection: Connection;
  let readAll: ReadAllEvents;
  let dispose: () => Promise<void>;
  const prefix = "crm-customer-";

  beforeEach(async () => {
    const opened = await openTemporaryStore();
    await opened.store.close();
    connection = openConnection(opened.path, 1_000);
    readAll = readAllEventsFrom(connection);
    dispose = async () => {
      connection.close();
      await opened.dispose();
    };
    const writeAppends = writeAppendsTo(connection);
    const streams = [
      ...Array.from({ length: 5 }, () => `${prefix}${randomUUID()}`),
      `crm-customer`,
      `crm-customer.${randomUUID()}`,
      `crm-order-${randomUUID()}`,
    ];
    // Interleaved, more than a page, so pages and global order both matter.
    for (let round = 0; round < 3 * (PAGE_SIZE / 100); round += 1) {
      writeAppends([{ stream: streams[round % streams.length]!, events: newEvents(100), expected: "any" }]);
    }
  });
  afterEach(() => dispose());

  it("returns the same events in the same order from the index and from the walk", async () => {
    const byIndex = await collect(readAll({ streamPrefix: prefix }, "prefixByIndex"));
    const byScan = await collect(readAll({ streamPrefix: prefix }, "prefixByScan"));
    const filtered = (await collect(readAll())).filter((event) => event.streamName.startsWith(prefix));

    expect(byIndex.length).toBeGreaterThan(PAGE_SIZE);
    expect(byIndex).toEqual(filtered);
    expect(byScan).toEqual(filtered);
  });

  it("honours `after` the same way in both plans", async () => {
    const all = await collect(readAll({ streamPrefix: prefix }));
    const after = all[Math.floor(all.length / 2)]!.position;

    const byIndex = await collect(readAll({ streamPrefix: prefix, after }, "prefixByIndex"));
    const byScan = await collect(readAll({ streamPrefix: prefix, after }, "prefixByScan"));

    expect(byIndex).toEqual(all.filter((event) => event.position > after));
    expect(byScan).toEqual(byIndex);
  });
});
