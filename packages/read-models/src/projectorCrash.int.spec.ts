import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { appendRandomHistory, seededRandom } from "@crm/testing";
import { describe, expect, it } from "vitest";
import { projectionFixture } from "./testing/projectionFixture.ts";

const script = fileURLToPath(new URL("./testing/projectorProcess.ts", import.meta.url));
const NOW = new Date("2026-06-30T12:00:00.000Z");

const startProjectorProcess = (paths: { events: string; readModels: string }) =>
  spawn(process.execPath, ["--no-warnings", script, paths.events, paths.readModels, "5"], {
    stdio: ["ignore", "pipe", "pipe"],
  });

const exited = (child: ChildProcess) => new Promise((resolve) => child.once("exit", resolve));

const caughtUp = (child: ChildProcess) =>
  new Promise<void>((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk) => {
      output += chunk;
      if (output.includes("caught-up")) resolve();
    });
    child.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    child.once("exit", (code) =>
      reject(new Error(`projector exited (${code}) before catching up: ${output}`)),
    );
  });

describe("the read-model projector in its own process", () => {
  it("given a long history, when the projector is killed with SIGKILL ten times mid-projection and started again, then the read model equals a rebuild", async () => {
    const fixture = projectionFixture();
    try {
      const random = seededRandom(2026);
      await appendRandomHistory(fixture.eventStore, random, {
        customers: 250,
        commandsPerCustomer: 14,
        start: new Date("2025-07-01"),
      });
      await fixture.readStore.close();

      for (let kill = 0; kill < 10; kill++) {
        const child = startProjectorProcess(fixture.paths);
        await new Promise((resolve) => setTimeout(resolve, 150 + random.int(0, 399)));
        child.kill("SIGKILL");
        await exited(child);
      }
      const last = startProjectorProcess(fixture.paths);
      await caughtUp(last);
      last.kill("SIGTERM");
      await exited(last);

      await fixture.reopenReadStore();
      const { stored, rebuilt } = await fixture.factsBothWays();
      expect(stored.length).toBe(250);
      expect(stored).toEqual(rebuilt);
      const { readModel, replay } = await fixture.bothPaths(NOW);
      expect(readModel).toEqual(replay);
    } finally {
      await fixture.dispose();
    }
  });
});
