import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { EventStoreUnavailableError } from "@crm/event-store";
import { collect, newEvents } from "@crm/event-store/contract";
import { afterEach, describe, expect, it } from "vitest";
import { toEventStoreError } from "./sqliteErrors.ts";
import { openSqliteEventStore } from "./sqliteEventStore.ts";
import { openTemporaryStore } from "./temporaryStore.ts";

// A down store must reach the caller as EventStoreUnavailableError (a 503 upstream), never as a
// raw SQLite error (a 500), and must have written nothing.
describe("sqlite event store, when the file cannot serve", () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("refuses every operation after close()", async () => {
    const opened = await openTemporaryStore();
    cleanups.push(opened.dispose);
    const stream = `crm-customer-${randomUUID()}`;
    await opened.store.append(stream, newEvents(1), { expectedRevision: "no_stream" });
    await opened.store.close();

    await expect(opened.store.append(stream, newEvents(1), { expectedRevision: 0 })).rejects.toThrow(
      EventStoreUnavailableError,
    );
    await expect(opened.store.readStream(stream)).rejects.toThrow(EventStoreUnavailableError);
    await expect(collect(opened.store.readAll())).rejects.toThrow(EventStoreUnavailableError);
    await expect(collect(opened.store.readAll({ streamPrefix: "crm-" }))).rejects.toThrow(
      EventStoreUnavailableError,
    );
    expect(() => opened.store.subscribeToAll(() => {})).toThrow(EventStoreUnavailableError);
  });

  it("ends its subscriptions on close(), after the event in hand, without reporting an error", async () => {
    const opened = await openTemporaryStore();
    cleanups.push(opened.dispose);
    await opened.store.append(`s-${randomUUID()}`, newEvents(3), { expectedRevision: "no_stream" });
    const handled: number[] = [];
    const errors: unknown[] = [];
    let started = false;
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    opened.store.subscribeToAll(
      async (event) => {
        started = true;
        await released;
        handled.push(event.revision);
      },
      { onError: (error) => errors.push(error) },
    );
    await expect.poll(() => started).toBe(true);

    const closing = opened.store.close();
    release();
    await closing;

    expect(handled).toEqual([0]);
    expect(errors).toEqual([]);
  });

  it("cannot open a file in a directory that does not exist", () => {
    const path = join(tmpdir(), `missing-${randomUUID()}`, "events.db");

    expect(() => openSqliteEventStore({ path })).toThrow(EventStoreUnavailableError);
  });

  it("refuses an append while another process holds the write lock past the busy timeout", async () => {
    const opened = await openTemporaryStore({ busyTimeoutMs: 50 });
    cleanups.push(opened.dispose);
    const stream = `crm-customer-${randomUUID()}`;
    await opened.store.append(stream, newEvents(1), { expectedRevision: "no_stream" });
    const otherWriter = new DatabaseSync(opened.path);
    otherWriter.exec("BEGIN IMMEDIATE");

    await expect(opened.store.append(stream, newEvents(1), { expectedRevision: 0 })).rejects.toThrow(
      EventStoreUnavailableError,
    );
    // WAL: readers are not blocked by the other writer.
    expect(await opened.store.readStream(stream)).toHaveLength(1);

    otherWriter.exec("ROLLBACK");
    otherWriter.close();
    await opened.store.append(stream, newEvents(1), { expectedRevision: 0 });
    expect(await opened.store.readStream(stream)).toHaveLength(2);
  });

  it("maps a full disk to EventStoreUnavailableError and a constraint violation to itself", async () => {
    const directory = await mkdtemp(join(tmpdir(), "crm-sqlite-full-"));
    cleanups.push(() => rm(directory, { recursive: true, force: true }));
    const db = new DatabaseSync(join(directory, "full.db"));
    db.exec("CREATE TABLE filler (blob BLOB NOT NULL, unique_key TEXT UNIQUE)");
    db.exec("INSERT INTO filler VALUES (zeroblob(10), 'taken')");
    // A page limit reached is what SQLite reports when the disk or quota is full: SQLITE_FULL.
    db.exec("PRAGMA max_page_count = 3");
    const full = catching(() => db.exec("INSERT INTO filler (blob) VALUES (zeroblob(100000))"));
    const duplicate = catching(() => db.exec("INSERT INTO filler VALUES (zeroblob(1), 'taken')"));
    db.close();

    expect(toEventStoreError(full, "appending")).toBeInstanceOf(EventStoreUnavailableError);
    expect(toEventStoreError(duplicate, "appending")).toBe(duplicate);
  });
});

const catching = (work: () => void): unknown => {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error("expected SQLite to refuse");
};
