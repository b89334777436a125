import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { customerStreamName } from "@crm/domain";
import { startEmbeddedPlatform } from "@crm/platform";
import type { FastifyInstance } from "fastify";
import { bareRoute } from "./bareRoute.ts";
import { reportResult } from "./childProcess.ts";
import { BENCH_API_KEY, type CpuUsed, type LagSamples, type ServerReady } from "./serverProtocol.ts";

// `node commandServer.ts platform|bare`: a server on 127.0.0.1 for the load generator in
// the parent process. `platform` is the embedded platform on a fresh data folder; `bare`
// is a fastify app that parses the same requests and answers the same shapes, nothing else.
//
// The platform also measures projection lag for requests marked `x-bench-probe`: from the
// moment its 2xx left the server to the moment the read models include its event.

const mode = process.argv[2];
if (mode !== "platform" && mode !== "bare") {
  console.error("usage: node commandServer.ts platform|bare");
  process.exit(2);
}

let app: FastifyInstance;
let close: () => Promise<void>;
if (mode === "platform") {
  const dataDir = mkdtempSync(join(tmpdir(), "crm-bench-platform-"));
  const platform = await startEmbeddedPlatform({
    dataDir,
    apiKeys: [{ key: BENCH_API_KEY, actorId: "bench-admin", role: "admin" }],
  });
  await platform.caughtUp;
  app = platform.app as unknown as FastifyInstance;
  const { projector, eventStore } = platform;
  let samples: number[] = [];
  app.addHook("onResponse", async (request, reply) => {
    if (request.headers["x-bench-probe"] === undefined || reply.statusCode >= 300 || !projector) return;
    const sentAt = performance.now();
    const { id } = request.params as { id: string };
    // Probe customers get no other writes, so their stream's last event is the probe's own.
    const position = (await eventStore.readStream(customerStreamName(id))).at(-1)?.position;
    if (position === undefined) return;
    void projector.waitFor(position).then(() => samples.push(performance.now() - sentAt));
  });
  app.get("/bench/lag", async (): Promise<LagSamples> => {
    const taken = samples;
    samples = [];
    return { samples: taken };
  });
  close = async () => {
    await platform.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
} else {
  app = bareRoute();
  close = () => app.close();
}

// CPU time is what a loaded machine does not inflate: the server's CPU per command, read
// before and after a run, compares two runs better than their throughput when others share the cores.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
app.get("/bench/cpu", async (): Promise<CpuUsed> => {
  const { user, system } = process.cpuUsage();
  const main = process.threadCpuUsage();
  const used = {
    userMicros: user,
    systemMicros: system,
    mainThreadMicros: main.user + main.system,
    loopDelayP99Ms: Math.round(loopDelay.percentile(99) / 1e5) / 10,
    loopDelayMaxMs: Math.round(loopDelay.max / 1e5) / 10,
  };
  loopDelay.reset();
  return used;
});

const url = await app.listen({ host: "127.0.0.1", port: 0 });
process.once("SIGTERM", () => {
  void close().then(() => process.exit(0));
});
reportResult({ url } satisfies ServerReady);
