import { loadavg } from "node:os";
import { benchConfig } from "./benchConfig.ts";
import { httpCommands } from "./httpCommands.ts";
import { projectionLag } from "./projectionLag.ts";

// `npm run -w @crm/bench commands`: only benchmarks 1 and 3 (commands over HTTP beside the
// bare route, then the projection lag alone and beside the command mix), for profiling and
// before/after comparisons of the command path. Same sizes as the full run (BENCH_CLIENTS,
// BENCH_HTTP_SECONDS, BENCH_LAG_SECONDS, BENCH_LAG_CLIENTS, BENCH_CPU_PROF); prints its figures
// and leaves docs/benchmarks.md alone.

const config = benchConfig();
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
const loadBefore = load();
const http = await httpCommands(config.clients, config.httpSeconds);
const lag = await projectionLag(config.lagClients, config.lagSeconds);

const rows = http.platform.map((platform, index) => {
  const bare = http.bare[index]!;
  const ratio = (platform.commandsPerSecond / bare.commandsPerSecond).toFixed(2);
  return (
    `${platform.clients} clients: platform ${platform.commandsPerSecond}/s p50 ${platform.p50Ms} p99 ${platform.p99Ms} ms ` +
    `(CPU ${platform.cpuMsPerCommand} ms/command, main thread ${platform.mainThreadCpuMsPerCommand}; ` +
    `event loop late p99 ${platform.loopDelayP99Ms} ms, longest ${platform.loopDelayMaxMs} ms); bare ${bare.commandsPerSecond}/s p50 ${bare.p50Ms} p99 ${bare.p99Ms} ms ` +
    `(CPU ${bare.cpuMsPerCommand} ms/request); ratio ${ratio} x`
  );
});
const lines = [
  `load average (1, 5, 15 min) ${loadBefore} before, ${load()} after`,
  ...rows,
  `lag alone p50 ${lag.idle.p50Ms} p99 ${lag.idle.p99Ms} ms; beside ${lag.loaded.load.clients} clients ` +
    `(${lag.loaded.load.commandsPerSecond} commands/s) p50 ${lag.loaded.p50Ms} p99 ${lag.loaded.p99Ms} ms`,
];
process.stdout.write(`${lines.join("\n")}\n`);
