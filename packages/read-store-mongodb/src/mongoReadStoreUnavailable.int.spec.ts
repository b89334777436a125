import { randomUUID } from "node:crypto";
import { type ReadStore, ReadStoreUnavailableError } from "@crm/read-store";
import { describeWithServer, dropMongoDatabase, mongoServer, unusedPort } from "@crm/test-servers";
import { afterAll, describe, expect, it, type TestContext, vi } from "vitest";
import { openMongoReadStore } from "./mongoReadStore.ts";
import { proxiedUrl } from "./testing/proxiedUrl.ts";
import { startTcpProxy, type TcpProxy } from "./testing/tcpProxy.ts";

// Issue: "A read while MongoDB is down is a 503, and the projector catches up after it
// returns". The API turns ReadStoreUnavailableError into 503; these tests check the store
// raises it, promptly, on every call, and works again by itself once MongoDB is back.
//
// The server is taken away by a TCP forwarder between store and server, not by stopping the
// server: the server may come from MONGO_URL or Docker, and even a local FerretDB is leased
// to every suite running at the same time. Closing the forwarder's port looks the same to the
// driver as a server process that died: open connections drop, new ones are refused.

const PROMPTLY_MS = 5_000;
const BACK_WITHIN_MS = 15_000;

type Card = { _id: string; name: string };
const card = (id: string): Card => ({ _id: id, name: `Customer ${id}` });
const unique = (kind: string) => `${kind}_${randomUUID().replaceAll("-", "")}`;

/** Every call of the port at once, each reported as "unavailable within PROMPTLY_MS" or what it did instead. */
const everyCall = async (store: ReadStore, collection: string): Promise<Record<string, string>> => {
  const customers = store.collection<Card>(collection);
  const calls: Record<string, () => Promise<unknown>> = {
    getMany: () => customers.getMany(["c-1"]),
    all: () => customers.all(),
    find: () => customers.find({ filter: { name: "x" }, sort: [["name", "asc"]], limit: 1 }),
    putMany: () => customers.putMany([card("c-9")]),
    count: () => customers.count(),
    clear: () => customers.clear(),
    readCheckpoint: () => store.checkpoints.read("projector"),
    storeCheckpoint: () => store.checkpoints.store("projector", 9n),
    resetCheckpoint: () => store.resetCheckpoint("projector"),
  };
  const outcomes = await Promise.all(
    Object.entries(calls).map(async ([name, call]) => {
      const started = performance.now();
      const outcome = await call().then(
        () => "succeeded",
        (error: unknown) =>
          error instanceof ReadStoreUnavailableError ? "unavailable" : `threw ${String(error)}`,
      );
      const ms = Math.round(performance.now() - started);
      return [
        name,
        outcome === "unavailable" && ms < PROMPTLY_MS ? "unavailable promptly" : `${outcome} in ${ms} ms`,
      ];
    }),
  );
  return Object.fromEntries(outcomes);
};

const allUnavailablePromptly = (store: ReadStore, collection: string) =>
  expect(everyCall(store, collection)).resolves.toEqual({
    getMany: "unavailable promptly",
    all: "unavailable promptly",
    find: "unavailable promptly",
    putMany: "unavailable promptly",
    count: "unavailable promptly",
    clear: "unavailable promptly",
    readCheckpoint: "unavailable promptly",
    storeCheckpoint: "unavailable promptly",
    resetCheckpoint: "unavailable promptly",
  });

describe("mongodb read store without a server", () => {
  it("answers every call with ReadStoreUnavailableError within seconds when nothing listens", async () => {
    const store = await openMongoReadStore({
      url: `mongodb://127.0.0.1:${await unusedPort()}/`,
      database: unique("nowhere"),
    });
    try {
      await allUnavailablePromptly(store, "customers");
    } finally {
      await store.close();
    }
  });
});

await describeWithServer("mongodb read store when its server goes away", mongoServer, (server) => {
  const database = unique("read_store_down");
  const collection = unique("customers");

  afterAll(() => dropMongoDatabase(server.url, database));

  /**
   * Runs a test on a store reaching the server through a forwarder the test can cut, and closes
   * both after it; skips the test where no forwarder can be put before this server.
   */
  const behindForwarder =
    (test: (opened: { forwarder: TcpProxy; store: ReadStore }) => Promise<void>) =>
    async (context: TestContext) => {
      const probe = proxiedUrl(server.url, 0);
      if (typeof probe === "string")
        return context.skip(`cannot put a forwarder before this server: ${probe}`);
      const forwarder = await startTcpProxy(probe.target);
      const routed = proxiedUrl(server.url, forwarder.port);
      if (typeof routed === "string") throw new Error(routed);
      const store = await openMongoReadStore({ url: routed.url, database });
      try {
        await test({ forwarder, store });
      } finally {
        await store.close();
        await forwarder.close();
      }
    };

  /** What is on the server itself, read around the forwarder. */
  const onServer = async (read: (store: ReadStore) => Promise<unknown>) => {
    const direct = await openMongoReadStore({ url: server.url, database });
    try {
      return await read(direct);
    } finally {
      await direct.close();
    }
  };

  it(
    "rejects every call promptly while the server is gone, then serves and catches up once it is back",
    behindForwarder(async ({ forwarder, store }) => {
      const customers = store.collection<Card>(collection);
      await customers.putMany([card("c-1")]);
      await store.checkpoints.store("projector", 1n);

      await forwarder.cut();
      await allUnavailablePromptly(store, collection);

      await forwarder.restore();
      // The projector's part: retry until the store answers, then write what it missed.
      await vi.waitFor(() => customers.getMany(["c-1"]), { timeout: BACK_WITHIN_MS, interval: 250 });
      await customers.putMany([card("c-2")]);
      await store.checkpoints.store("projector", 2n);

      await expect(
        onServer(async (direct) => ({
          documents: await direct.collection<Card>(collection).getMany(["c-1", "c-2", "c-9"]),
          checkpoint: await direct.checkpoints.read("projector"),
        })),
      ).resolves.toEqual({
        documents: new Map([
          ["c-1", card("c-1")],
          ["c-2", card("c-2")],
        ]),
        checkpoint: 2n,
      });
    }),
  );

  it(
    "opens while the server is down, and serves once it is up",
    behindForwarder(async ({ forwarder, store }) => {
      await forwarder.cut();
      const late = unique("customers");
      await expect(store.collection<Card>(late).getMany(["c-1"])).rejects.toBeInstanceOf(
        ReadStoreUnavailableError,
      );

      await forwarder.restore();

      await vi.waitFor(() => store.collection<Card>(late).putMany([card("c-1")]), {
        timeout: BACK_WITHIN_MS,
        interval: 250,
      });
      expect(await store.collection<Card>(late).all()).toEqual([card("c-1")]);
    }),
  );
});
