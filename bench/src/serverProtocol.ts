// What commandServer.ts and its parent share: the API key the load uses, and the
// shapes the server reports in.

export const BENCH_API_KEY = "bench-admin-key-0123456789";
export type ServerReady = { url: string };
export type LagSamples = { samples: number[] };
/** The server process's CPU time so far (process.cpuUsage), from GET /bench/cpu. */
export type CpuUsed = { userMicros: number; systemMicros: number };
