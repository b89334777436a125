import { startChild } from "./childProcess.ts";
import { type LoadResult, runLoad } from "./httpLoad.ts";
import { PROFILED } from "./profiling.ts";
import { BENCH_API_KEY, type CpuUsed, type ServerReady } from "./serverProtocol.ts";

// Benchmark 1: the command mix over HTTP at each concurrency, first against the bare
// fastify route, then against the embedded platform, each server in its own process
// and the load generator in this one. A short warm-up lets the JIT settle first.

/**
 * A run at one concurrency, with the server's CPU milliseconds per 2xx answer (all threads, and
 * the main thread's alone), and how late its event loop ran during the run (p99, longest).
 */
export type ServerRun = LoadResult & {
  cpuMsPerCommand: number;
  mainThreadCpuMsPerCommand: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
};
export type HttpCommandsResult = { bare: ServerRun[]; platform: ServerRun[] };

const cpuUsed = async (url: string): Promise<CpuUsed> =>
  (await fetch(`${url}/bench/cpu`)).json() as Promise<CpuUsed>;
const perCommand = (micros: number, answered: number) => Math.round((100 * micros) / 1000 / answered) / 100;

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
      const before = await cpuUsed(server.ready.url);
      const load = await runLoad(server.ready.url, BENCH_API_KEY, level, seconds);
      const after = await cpuUsed(server.ready.url);
      const answered = Math.max(1, load.commandsPerSecond * load.seconds);
      const result = {
        ...load,
        cpuMsPerCommand: perCommand(
          after.userMicros + after.systemMicros - before.userMicros - before.systemMicros,
          answered,
        ),
        mainThreadCpuMsPerCommand: perCommand(after.mainThreadMicros - before.mainThreadMicros, answered),
        loopDelayP99Ms: after.loopDelayP99Ms,
        loopDelayMaxMs: after.loopDelayMaxMs,
      };
      console.error(
        `  ${mode} x${level}: ${result.commandsPerSecond} commands/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ` +
          `server CPU ${result.cpuMsPerCommand} ms per command (main thread ${result.mainThreadCpuMsPerCommand}), ` +
          `event loop late p99 ${result.loopDelayP99Ms} ms, longest ${result.loopDelayMaxMs} ms` +
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
