// What commandServer.ts and its parent share: the API key the load uses, and the
// shapes the server reports in.

export const BENCH_API_KEY = "bench-admin-key-0123456789";
export type ServerReady = { url: string };
export type LagSamples = { samples: number[] };
