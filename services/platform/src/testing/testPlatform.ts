import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ApiKey, ROLES, type Role } from "@crm/api";
import { type ApiRequest, type ApiResponse, injectRequest } from "@crm/api/testing";
import { customerStreamName } from "@crm/domain";
import type { RecordedEvent } from "@crm/event-store";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { withCollectionAliases } from "@crm/read-models";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import { openPersonalDataKeys, STORE_FILES, storeFile } from "@crm/stores";
import { type EmbeddedPlatform, startEmbeddedPlatform } from "../embeddedPlatform.ts";
import { type Platform, startPlatform } from "../platform.ts";
import { testClock } from "./testClock.ts";

// The embedded platform on a temporary data folder, driven over HTTP
// (fastify's inject: the full request pipeline, without a socket).

export const TEST_API_KEYS: ApiKey[] = [
  ...ROLES.map((role) => ({ key: `test-key-for-${role}-0123456789`, actorId: `${role}-actor`, role })),
  // Contract 9.3: a sales team, for races between reps (claims) and rules between them (hand-over).
  ...Array.from({ length: 20 }, (_, n) => ({
    key: `test-key-for-sales-rep-${n + 1}-0123456789`,
    actorId: `sales-rep-${n + 1}`,
    role: "sales" as const,
  })),
];

/** A caller: a role (its test key) or a named actor of TEST_API_KEYS, e.g. { actorId: "sales-rep-3" }. */
export type Caller = Role | { actorId: string } | null;

const keyOf = (caller: Caller): string | undefined =>
  caller === null
    ? undefined
    : TEST_API_KEYS.find((apiKey) =>
        typeof caller === "string" ? apiKey.role === caller : apiKey.actorId === caller.actorId,
      )?.key;

type RequestOptions = { headers?: Record<string, string>; payload?: unknown };

/** An HTTP answer as a client sees it; the body is parsed when it is JSON. */
export type Reply = ApiResponse;

const READ_MODEL_FILE = STORE_FILES.readModels;

const sendTo = async (
  target: Platform,
  caller: Caller,
  method: string,
  url: string,
  options: RequestOptions = {},
): Promise<Reply> => {
  const key = keyOf(caller);
  return injectRequest(target.app, {
    method: method as ApiRequest["method"],
    url: `/api/v1${url}`,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...options.headers },
    ...(options.payload === undefined ? {} : { payload: options.payload }),
  });
};

const clientOf =
  (send: (caller: Caller, method: string, url: string, options?: RequestOptions) => Promise<Reply>) =>
  (role: Caller) => ({
    get: (url: string, headers?: Record<string, string>) =>
      send(role, "GET", url, headers ? { headers } : {}),
    post: (url: string, payload: unknown = {}, headers?: Record<string, string>) =>
      send(role, "POST", url, { payload, ...(headers ? { headers } : {}) }),
    put: (url: string, payload: unknown, headers?: Record<string, string>) =>
      send(role, "PUT", url, { payload, ...(headers ? { headers } : {}) }),
    send: (method: string, url: string, options?: RequestOptions) => send(role, method, url, options),
  });

/** A client of one platform's API, acting with the test key of the role it is given. */
export const apiClient = (target: Platform) => clientOf((...request) => sendTo(target, ...request));

/**
 * Specs of other rules back-date owned customers by months; the idle-return rule would take them
 * back to the pool at the next restart. It runs at its contract default only where a spec asks.
 */
const SPECS_WITHOUT_IDLE_RULE = { idleDays: 365 * 100 };
const poolOf = (options: { pool?: { idleDays?: number; everyMs?: number } }) =>
  options.pool ?? SPECS_WITHOUT_IDLE_RULE;

export const startTestPlatform = async (
  dataDir = mkdtempSync(join(tmpdir(), "crm-platform-")),
  options: { pool?: { idleDays?: number; everyMs?: number } } = {},
) => {
  const clock = testClock();
  const start = () =>
    startEmbeddedPlatform({ dataDir, apiKeys: TEST_API_KEYS, clock: clock.now, pool: poolOf(options) });
  let platform: EmbeddedPlatform = await start();

  const as = clientOf((...request) => sendTo(platform, ...request));

  const eventsAfter = async (after?: bigint): Promise<RecordedEvent[]> => {
    const events: RecordedEvent[] = [];
    for await (const event of platform.eventStore.readAll(after === undefined ? {} : { after })) {
      events.push(event);
    }
    return events;
  };

  const restart = async (options: { forgetCheckpoints?: boolean } = {}) => {
    await platform.close();
    // Losing the read side (checkpoints included) is a rebuild: every subscriber replays from the start.
    if (options.forgetCheckpoints)
      for (const file of readdirSync(dataDir).filter((name) => name.startsWith(READ_MODEL_FILE)))
        rmSync(join(dataDir, file));
    platform = await start();
    await platform.caughtUp;
  };

  return {
    dataDir,
    /** Real time unless a spec sets it: then every recordedAt is the instant the spec names. */
    clock,
    as,
    admin: as("admin"),
    get platform() {
      return platform;
    },
    allEvents: () => eventsAfter(),
    /** Every event as stored: personal fields encrypted (contract 10.1), as the hash chains cover them. */
    allStoredEvents: async (): Promise<RecordedEvent[]> => {
      const events: RecordedEvent[] = [];
      for await (const event of platform.storedEvents.readAll()) events.push(event);
      return events;
    },
    /** Every event in the store, for "nothing was appended" checks. */
    eventCount: async () => (await eventsAfter()).length,
    /** The events a request appended, any stream: a refused command must append none. */
    appendedBy: async (request: () => Promise<Reply>) => {
      const before = (await eventsAfter()).at(-1)?.position;
      const reply = await request();
      return { reply, appended: await eventsAfter(before) };
    },
    /** A customer's stream as stored, in revision order. */
    customerStream: (customerId: string) => platform.eventStore.readStream(customerStreamName(customerId)),
    /**
     * Resolves with the first event, past or future, that matches: for effects that reactors
     * append asynchronously. It waits for the fact itself, not for an amount of time.
     */
    waitForEvent: async (matches: (event: RecordedEvent) => boolean): Promise<RecordedEvent> => {
      let subscription: { stop(): Promise<void> } | undefined;
      const found = new Promise<RecordedEvent>((resolve, reject) => {
        subscription = platform.eventStore.subscribeToAll(
          (event) => {
            if (matches(event)) resolve(event);
          },
          { onError: reject },
        );
      });
      try {
        return await found;
      } finally {
        await subscription?.stop();
      }
    },
    restart,
    /**
     * A second API replica on the same event store, as in the distributed setup behind a load
     * balancer: its own command queue and reactor, no read-model projector of its own.
     */
    startReplica: async (replicaOptions: { projectReadModels?: boolean } = {}) => {
      const replicaDir = mkdtempSync(join(tmpdir(), "crm-replica-"));
      const replica = await startPlatform({
        eventStore: openSqliteEventStore({ path: storeFile(dataDir, STORE_FILES.events) }),
        readStore: await withCollectionAliases(
          openSqliteReadStore({ path: join(replicaDir, READ_MODEL_FILE) }),
        ),
        apiKeys: TEST_API_KEYS,
        personalData: openPersonalDataKeys({ dataDir, masterKey: process.env.CRM_MASTER_KEY || undefined }),
        // With its own read models, the replica's processes that read them (the idle-return
        // rule) see every customer, as a second full instance on one event store would.
        projectReadModels: replicaOptions.projectReadModels ?? false,
        pool: poolOf(options),
        clock: clock.now,
        onClosed: () => rmSync(replicaDir, { recursive: true, force: true }),
      });
      await replica.caughtUp;
      return {
        as: clientOf((...request) => sendTo(replica, ...request)),
        idleReturnRule: replica.idleReturnRule,
        close: () => replica.close(),
      };
    },
    close: async () => {
      await platform.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

export type TestPlatform = Awaited<ReturnType<typeof startTestPlatform>>;

export const aLead = (overrides: Record<string, unknown> = {}) => ({
  name: "Ada Wong",
  company: `Acme ${crypto.randomUUID().slice(0, 8)} Ltd`,
  email: `${crypto.randomUUID().slice(0, 8)}@acme.example`,
  source: "web",
  expectedValue: 1000,
  ...overrides,
});
