import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { collect } from "@crm/event-store/contract";
import { describe, expect, it } from "vitest";
import { temporaryStoresPerTest } from "./temporaryStore.ts";

const writer = fileURLToPath(new URL("./testing/appendUntilKilled.ts", import.meta.url));
const ACKNOWLEDGED_BEFORE_KILL = 200;

// A process killed mid-write (SIGKILL: no chance to close) must lose nothing it acknowledged: an
// append resolves only after its commit. A power cut is beyond a test; synchronous=FULL covers it.
describe("sqlite event store, after its process is killed", () => {
  const openTemporaryStore = temporaryStoresPerTest();

  it("keeps every acknowledged append", async () => {
    const opened = await openTemporaryStore();
    const child = spawn(process.execPath, [writer, opened.path], { stdio: ["ignore", "pipe", "inherit"] });
    const acknowledged: string[] = [];
    let partialLine = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      const lines = (partialLine + chunk).split("\n");
      partialLine = lines.pop()!;
      acknowledged.push(...lines);
      if (acknowledged.length >= ACKNOWLEDGED_BEFORE_KILL) child.kill("SIGKILL");
    });
    const [, signal] = await once(child, "exit");
    expect(signal).toBe("SIGKILL");

    const recorded = new Set((await collect(opened.store.readAll())).map((event) => event.eventId));

    expect(acknowledged.length).toBeGreaterThanOrEqual(ACKNOWLEDGED_BEFORE_KILL);
    expect(acknowledged.filter((eventId) => !recorded.has(eventId))).toEqual([]);
  });
});
