// What commandServer.ts and its parent share: the API key the load uses, and the
// shapes the server reports in.

export const BENCH_API_KEY = "bench-admin-key-0123456789";
export type ServerReady = { url: string };
export type LagSamples = { samples: number[] };
/**
 * The server process's CPU time so far (process.cpuUsage, every thread), its main thread's alone
 * (the event loop's, which bounds what one process answers), and how late the event loop ran
 * since the last read (p99 and longest, ms): a synchronous fsync or a long batch shows there.
 * From GET /bench/cpu, which starts the next loop-delay window.
 */
export type CpuUsed = {
  userMicros: number;
  systemMicros: number;
  mainThreadMicros: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
};
