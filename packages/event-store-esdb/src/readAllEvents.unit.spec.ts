import { EventStoreUnavailableError, type RecordedEvent } from "@crm/event-store";
import { collect } from "@crm/event-store/contract";
import type { AllStreamResolvedEvent } from "@eventstore/db-client";
import { UnavailableError } from "@eventstore/db-client";
import { describe, expect, it } from "vitest";
import type { FilteredReadAll } from "./filteredReadAll.ts";
import { PAGE_SIZE, readAllEventsWith } from "./readAllEvents.ts";

type Row = { position: bigint; stream?: string; type?: string };

const resolved = ({ position, stream = "crm-customer-1", type = "T" }: Row): AllStreamResolvedEvent =>
  ({
    event: {
      streamId: stream,
      id: `id-${position}`,
      isJson: true,
      revision: 0n,
      type,
      created: new Date(0),
      data: {},
      metadata: {},
      position: { commit: position, prepare: position },
    },
    commitPosition: position,
  }) as AllStreamResolvedEvent;

/** A server that filters nothing: each page starts at `from`, inclusive, as EventStoreDB's do. */
const fakeServer = (rows: Row[]) => {
  const asked: FilteredReadAll[] = [];
  const readPage = async (read: FilteredReadAll) => {
    asked.push(read);
    const from = read.from ?? 0n;
    return rows
      .filter((row) => row.position >= from)
      .slice(0, read.maxCount)
      .map(resolved);
  };
  return { asked, readAll: readAllEventsWith(readPage) };
};

const positions = (events: RecordedEvent[]): bigint[] => events.map((event) => event.position);

describe("readAllEventsWith", () => {
  it("starts strictly after `after`, though the server reads from it inclusively", async () => {
    const { readAll, asked } = fakeServer([{ position: 10n }, { position: 20n }, { position: 30n }]);

    expect(positions(await collect(readAll({ after: 20n, streamPrefix: "crm-" })))).toEqual([30n]);
    expect(asked).toEqual([{ from: 20n, streamPrefix: "crm-", maxCount: PAGE_SIZE }]);
  });

  it("pages on from the last position read until a page comes back short", async () => {
    const rows = Array.from({ length: PAGE_SIZE * 2 + 5 }, (_, index) => ({
      position: BigInt(index + 1) * 10n,
    }));
    const { readAll, asked } = fakeServer(rows);

    const read = await collect(readAll());

    expect(positions(read)).toEqual(rows.map((row) => row.position));
    expect(asked.map((page) => page.from)).toEqual([
      undefined,
      BigInt(PAGE_SIZE) * 10n,
      BigInt(PAGE_SIZE * 2 - 1) * 10n,
    ]);
  });

  it("drops `$` events the stream-name filter lets through, without losing its place", async () => {
    const { readAll } = fakeServer([
      { position: 1n },
      { position: 2n, type: "$streamDeleted" },
      { position: 3n, stream: "$$crm-customer-1", type: "$metadata" },
      { position: 4n },
    ]);

    expect(positions(await collect(readAll()))).toEqual([1n, 4n]);
  });

  it("reports an unreachable server as EventStoreUnavailableError", async () => {
    const readAll = readAllEventsWith(async () => {
      throw new UnavailableError();
    });

    await expect(collect(readAll())).rejects.toThrow(EventStoreUnavailableError);
  });
});
