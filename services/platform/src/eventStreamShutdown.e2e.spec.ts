import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { withCollectionAliases } from "@crm/read-models";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import { STORE_FILES, storeFile } from "@crm/stores";
import { afterAll, expect, it } from "vitest";
import { startPlatform } from "./platform.ts";
import { readEventStream } from "./testing/eventStreamReader.ts";
import { aLead, apiClient, TEST_API_KEYS } from "./testing/testPlatform.ts";

// Event streams stay open as long as their readers want; a shutdown must not wait for them.
// The server ends every stream first, and the readers resume elsewhere with their last id.

const dataDir = mkdtempSync(join(tmpdir(), "crm-stream-shutdown-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it("given readers following /events/stream, when the platform closes, then their streams end and the close does not wait for them", async () => {
  const platform = await startPlatform({
    eventStore: openSqliteEventStore({ path: storeFile(dataDir, STORE_FILES.events) }),
    readStore: await withCollectionAliases(openSqliteReadStore({ path: join(dataDir, "read.sqlite") })),
    apiKeys: TEST_API_KEYS,
    projectReadModels: false,
  });
  expect((await apiClient(platform)("sales").post("/leads", aLead())).status).toBe(201);
  const base = await platform.app.listen({ port: 0, host: "127.0.0.1" });
  const key = TEST_API_KEYS.find((apiKey) => apiKey.role === "integration")?.key ?? "";
  const readers = await Promise.all(
    [1, 2, 3].map(() => readEventStream(`${base}/api/v1/events/stream`, { authorization: `Bearer ${key}` })),
  );
  for (const reader of readers) await reader.until(() => reader.events.length === 1);

  const closing = Date.now();
  await platform.close();
  expect(Date.now() - closing).toBeLessThan(2_000);
  await Promise.all(readers.map((reader) => reader.ended()));
});
