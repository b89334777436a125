import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ApiKey, ROLES, type Role } from "@crm/api";
import type { RecordedEvent } from "@crm/event-store";
import { type EmbeddedPlatform, startEmbeddedPlatform } from "../embeddedPlatform.ts";

// The embedded platform on a temporary data folder, driven over HTTP
// (fastify's inject: the full request pipeline, without a socket).

export const TEST_API_KEYS: ApiKey[] = ROLES.map((role) => ({
  key: `test-key-for-${role}-0123456789`,
  actorId: `${role}-actor`,
  role,
}));

type RequestOptions = { headers?: Record<string, string>; payload?: unknown };

export const startTestPlatform = async (dataDir = mkdtempSync(join(tmpdir(), "crm-platform-"))) => {
  let platform: EmbeddedPlatform = await startEmbeddedPlatform({ dataDir, apiKeys: TEST_API_KEYS });

  const send = async (role: Role | null, method: string, url: string, options: RequestOptions = {}) => {
    const key = TEST_API_KEYS.find((apiKey) => apiKey.role === role)?.key;
    const response = await platform.app.inject({
      method: method as "GET",
      url: `/api/v1${url}`,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...options.headers },
      ...(options.payload === undefined ? {} : { payload: options.payload as object }),
    });
    const isJson = response.headers["content-type"]?.toString().includes("json");
    return {
      status: response.statusCode,
      headers: response.headers,
      body: isJson ? response.json() : response.body,
    };
  };

  const as = (role: Role | null) => ({
    get: (url: string, headers?: Record<string, string>) =>
      send(role, "GET", url, headers ? { headers } : {}),
    post: (url: string, payload: unknown = {}, headers?: Record<string, string>) =>
      send(role, "POST", url, { payload, ...(headers ? { headers } : {}) }),
    put: (url: string, payload: unknown, headers?: Record<string, string>) =>
      send(role, "PUT", url, { payload, ...(headers ? { headers } : {}) }),
    send: (method: string, url: string, options?: RequestOptions) => send(role, method, url, options),
  });

  const allEvents = async (): Promise<RecordedEvent[]> => {
    const events: RecordedEvent[] = [];
    for await (const event of platform.eventStore.readAll()) events.push(event);
    return events;
  };

  return {
    dataDir,
    as,
    admin: as("admin"),
    get platform() {
      return platform;
    },
    allEvents,
    /** Every event in the store, for "nothing was appended" checks. */
    eventCount: async () => (await allEvents()).length,
    restart: async () => {
      await platform.close();
      platform = await startEmbeddedPlatform({ dataDir, apiKeys: TEST_API_KEYS });
      await platform.caughtUp;
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
