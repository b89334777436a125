import { setTimeout as sleep } from "node:timers/promises";
import { startChild } from "./childProcess.ts";
import { type LoadResult, runLoad } from "./httpLoad.ts";
import { percentile } from "./percentiles.ts";
import { PROFILED } from "./profiling.ts";
import { BENCH_API_KEY, type LagSamples, type ServerReady } from "./serverProtocol.ts";

// Benchmark 3: how long after a command's 2xx its change shows in the read models.
// A probe logs an interaction every PROBE_INTERVAL_MS on customers of its own; the
// server times each from its response leaving to the projector having applied it
// (see commandServer.ts). Measured alone, then beside the command mix at full load.

export type LagMeasure = { samples: number; p50Ms: number; p99Ms: number; maxMs: number };
export type LagResult = { idle: LagMeasure; loaded: LagMeasure & { load: LoadResult } };

const PROBE_INTERVAL_MS = 20;
const PROBE_CUSTOMERS = 20;
const IDLE_SECONDS = 3;

const round = (ms: number) => Math.round(ms * 100) / 100;

export const projectionLag = async (clients: number, seconds: number): Promise<LagResult> => {
  const server = await startChild<ServerReady>("commandServer.ts", ["platform"], {
    profile: PROFILED.lagServer,
  });
  const { url } = server.ready;
  const headers = { "content-type": "application/json", authorization: `Bearer ${BENCH_API_KEY}` };
  try {
    const probes: string[] = [];
    for (let i = 0; i < PROBE_CUSTOMERS; i++) {
      const reply = await fetch(`${url}/api/v1/leads`, {
        method: "POST",
        headers,
        body: JSON.stringify({
          name: `Probe ${i}`,
          source: "web",
          email: `probe-${i}-${Date.now()}@bench.example`,
        }),
      });
      probes.push(((await reply.json()) as { customerId: string }).customerId);
    }
    const probe = async (until: () => boolean) => {
      for (let n = 0; until(); n++) {
        const reply = await fetch(`${url}/api/v1/customers/${probes[n % probes.length]}/interactions`, {
          method: "POST",
          headers: { ...headers, "x-bench-probe": "1" },
          body: JSON.stringify({ channel: "email", direction: "inbound", summary: "Probe" }),
        });
        await reply.arrayBuffer();
        await sleep(PROBE_INTERVAL_MS);
      }
    };
    const samples = async (): Promise<LagMeasure> => {
      await sleep(200); // the last probe's projection
      const { samples: taken } = (await (await fetch(`${url}/bench/lag`)).json()) as LagSamples;
      return {
        samples: taken.length,
        p50Ms: round(percentile(taken, 50)),
        p99Ms: round(percentile(taken, 99)),
        maxMs: round(Math.max(...taken)),
      };
    };

    const idleUntil = performance.now() + IDLE_SECONDS * 1000;
    await probe(() => performance.now() < idleUntil);
    const idle = await samples();

    let loading = true;
    const [load] = await Promise.all([
      runLoad(url, BENCH_API_KEY, clients, seconds).finally(() => {
        loading = false;
      }),
      probe(() => loading),
    ]);
    const loaded = { ...(await samples()), load };
    console.error(
      `  lag idle p50 ${idle.p50Ms} ms p99 ${idle.p99Ms} ms; under ${clients} clients ` +
        `(${load.commandsPerSecond} commands/s) p50 ${loaded.p50Ms} ms p99 ${loaded.p99Ms} ms`,
    );
    return { idle, loaded };
  } finally {
    await server.stop();
  }
};
