import { randomUUID } from "node:crypto";
import { EventStoreUnavailableError, WrongExpectedRevisionError } from "@crm/event-store";
import { collect, newEvents } from "@crm/event-store/contract";
import { afterEach, describe, expect, it } from "vitest";
import { type AppendRequest, writeAppendsTo } from "./appendBatch.ts";
import { type Connection, openConnection } from "./connection.ts";
import { groupCommit } from "./groupCommit.ts";
import { readAllEventsFrom } from "./readAllEvents.ts";
import { openSqliteEventStore } from "./sqliteEventStore.ts";
import { openTemporaryStore } from "./temporaryStore.ts";

describe("group commit", () => {
  let dispose: () => Promise<void> = async () => {};
  afterEach(() => dispose());

  // The real writer on a real file, recording how many appends each transaction carried.
  const openCommitter = async () => {
    const opened = await openTemporaryStore();
    await opened.store.close();
    const connection: Connection = openConnection(opened.path, 1_000);
    dispose = async () => {
      connection.close();
      await opened.dispose();
    };
    const write = writeAppendsTo(connection);
    const transactions: number[] = [];
    let commitSignals = 0;
    const committer = groupCommit(
      (requests) => {
        transactions.push(requests.length);
        return write(requests);
      },
      () => {
        commitSignals += 1;
      },
    );
    const readAll = () => collect(readAllEventsFrom(connection)());
    return { connection, committer, transactions, commitSignals: () => commitSignals, readAll };
  };

  const request = (stream: string, expected: AppendRequest["expected"] = "any"): AppendRequest => ({
    stream,
    events: newEvents(2),
    expected,
  });

  it("writes appends asked for in the same turn of the event loop in one transaction", async () => {
    const { committer, transactions, commitSignals } = await openCommitter();

    const results = await Promise.all(
      Array.from({ length: 20 }, () => committer.append(request(`s-${randomUUID()}`))),
    );
    await committer.append(request(`s-${randomUUID()}`));

    expect(transactions).toEqual([20, 1]);
    expect(commitSignals()).toBe(2);
    expect(results.map((result) => result.nextExpectedRevision)).toEqual(Array(20).fill(1));
  });

  it("refuses only the append whose expectation fails, keeping the rest of its transaction", async () => {
    const { committer, transactions, readAll } = await openCommitter();
    const stream = `s-${randomUUID()}`;
    const [before, refused, after] = [
      request(stream, "no_stream"),
      request(stream, "no_stream"),
      request(stream, 1),
    ];

    const outcomes = await Promise.allSettled([before, refused, after].map((each) => committer.append(each)));

    expect(transactions).toEqual([3]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(outcomes[1]).toMatchObject({ reason: expect.any(WrongExpectedRevisionError) });
    expect((await readAll()).map((event) => event.eventId)).toEqual(
      [...before.events, ...after.events].map((event) => event.eventId),
    );
  });

  it("undoes a half-written append (its second event reuses an id) without touching the others", async () => {
    const { committer, transactions, readAll } = await openCommitter();
    const first = request(`s-${randomUUID()}`);
    const reusing = { ...request(`s-${randomUUID()}`), events: [...newEvents(1), first.events[0]!] };
    const last = request(`s-${randomUUID()}`);

    const outcomes = await Promise.allSettled([first, reusing, last].map((each) => committer.append(each)));

    expect(transactions).toEqual([3]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((await readAll()).map((event) => event.eventId)).toEqual(
      [...first.events, ...last.events].map((event) => event.eventId),
    );
  });

  it("refuses every append of a transaction that cannot be written, and writes none of them", async () => {
    const { connection, committer } = await openCommitter();

    const appends = [
      committer.append(request(`s-${randomUUID()}`)),
      committer.append(request(`s-${randomUUID()}`)),
    ];
    connection.close();

    for (const append of appends) await expect(append).rejects.toThrow(EventStoreUnavailableError);
  });

  it("writes appends already asked for when the store closes", async () => {
    const opened = await openTemporaryStore();
    dispose = opened.dispose;
    const stream = `s-${randomUUID()}`;

    const pending = opened.store.append(stream, newEvents(2), { expectedRevision: "no_stream" });
    await opened.store.close();

    await expect(pending).resolves.toMatchObject({ nextExpectedRevision: 1 });
    const reopened = openSqliteEventStore({ path: opened.path });
    expect(await reopened.readStream(stream)).toHaveLength(2);
    await reopened.close();
  });
});
