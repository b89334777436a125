import { startChild } from "./childProcess.ts";
import { type LoadResult, runLoad } from "./httpLoad.ts";
import { PROFILED } from "./profiling.ts";
import { BENCH_API_KEY, type CpuUsed, type ServerReady } from "./serverProtocol.ts";

// Benchmark 1: the command mix over HTTP at each concurrency, first against the bare
// fastify route, then against the embedded platform, each server in its own process
// and the load generator in this one. A short warm-up lets the JIT settle first.

/** A run at one concurrency, with the server's CPU milliseconds per 2xx answer. */
export type ServerRun = LoadResult & { cpuMsPerCommand: number };
export type HttpCommandsResult = { bare: ServerRun[]; platform: ServerRun[] };

const cpuMs = async (url: string): Promise<number> => {
  const used = (await (await fetch(`${url}/bench/cpu`)).json()) as CpuUsed;
  return (used.userMicros + used.systemMicros) / 1000;
};

const WARM_UP_SECONDS = 2;

const measure = async (mode: "bare" | "platform", clients: number[], seconds: number) => {
  const server = await startChild<ServerReady>(
    "commandServer.ts",
    [mode],
    mode === "platform" ? { profile: PROFILED.commandsServer } : {},
  );
  try {
    await runLoad(server.ready.url, BENCH_API_KEY, 16, WARM_UP_SECONDS);
    const results: ServerRun[] = [];
    for (const level of clients) {
      const cpuBefore = await cpuMs(server.ready.url);
      const load = await runLoad(server.ready.url, BENCH_API_KEY, level, seconds);
      const answered = Math.max(1, load.commandsPerSecond * load.seconds);
      const cpuMsPerCommand =
        Math.round((100 * ((await cpuMs(server.ready.url)) - cpuBefore)) / answered) / 100;
      const result = { ...load, cpuMsPerCommand };
      console.error(
        `  ${mode} x${level}: ${result.commandsPerSecond} commands/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ` +
          `server CPU ${cpuMsPerCommand} ms per command` +
          (result.non2xx + result.errors > 0 ? `, ${result.non2xx} non-2xx, ${result.errors} errors` : ""),
      );
      results.push(result);
    }
    return results;
  } finally {
    await server.stop();
  }
};

export const httpCommands = async (clients: number[], seconds: number): Promise<HttpCommandsResult> => ({
  bare: await measure("bare", clients, seconds),
  platform: await measure("platform", clients, seconds),
});
