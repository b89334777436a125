// Sizes and durations, from the environment so a quick run (BENCH_EVENTS=100000
// BENCH_HTTP_SECONDS=3 ...) exercises the same code as the full one. Children read
// the same variables, so a size is set once for the whole run.

const positiveInt = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw.replaceAll("_", ""));
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive integer, not ${raw}`);
  return value;
};

const intList = (name: string, fallback: number[]): number[] => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  return raw.split(",").map((part) => {
    const value = Number(part.trim());
    if (!Number.isInteger(value) || value <= 0)
      throw new Error(`${name} must list positive integers, not ${raw}`);
    return value;
  });
};

export const benchConfig = () => ({
  /** Events written for the replay benchmark. */
  events: positiveInt("BENCH_EVENTS", 1_000_000),
  /** Concurrent HTTP clients, one autocannon run per level and server. */
  clients: intList("BENCH_CLIENTS", [1, 16, 64]),
  /** Seconds of load per autocannon run. */
  httpSeconds: positiveInt("BENCH_HTTP_SECONDS", 10),
  /** Seconds of the lag probe under load, and the clients loading the server meanwhile. */
  lagSeconds: positiveInt("BENCH_LAG_SECONDS", 10),
  lagClients: positiveInt("BENCH_LAG_CLIENTS", 64),
  /** Event-stream readers, and the clients loading the server meanwhile (events over HTTP). */
  sseReaders: positiveInt("BENCH_SSE_READERS", 50),
  deliveryClients: positiveInt("BENCH_DELIVERY_CLIENTS", 16),
  /** Customers in the append-and-project workload run on both this platform and Emmett. */
  peerCustomers: positiveInt("BENCH_PEER_CUSTOMERS", 300),
  /** Store sizes at which lead creation is measured, and its clients and seconds per size. */
  leadSizes: intList("BENCH_LEAD_SIZES", [10_000, 100_000]),
  leadClients: positiveInt("BENCH_LEAD_CLIENTS", 16),
  leadSeconds: positiveInt("BENCH_LEAD_SECONDS", 10),
  /** The distributed path: events relayed for the throughput row, and the lag probe's seconds and rate. */
  relayEvents: positiveInt("BENCH_RELAY_EVENTS", 100_000),
  distributedLagSeconds: positiveInt("BENCH_DISTRIBUTED_LAG_SECONDS", 10),
  distributedLagRate: positiveInt("BENCH_DISTRIBUTED_LAG_RATE", 100),
  /** Customers of each reads-at-scale run (search, audit, views). */
  readCustomers: intList("BENCH_READ_CUSTOMERS", [10_000, 100_000]),
  /**
   * Timed samples of each search and audit read, and of each view. 200 so that a p99 is the third
   * largest, not the largest: of 50 the p99 was the maximum, and one collector pause in a
   * sub-millisecond read decided a 1.5 x target (2026-11-30: audit first page p50 0.18 ms, p99 14.5 ms).
   */
  readSamples: positiveInt("BENCH_READ_SAMPLES", 200),
  viewSamples: positiveInt("BENCH_VIEW_SAMPLES", 10),
  /**
   * Customers of the run also timed on the MongoDB protocol (MONGO_URL), and its samples per
   * read: FerretDB v1 sorts in memory, so larger runs there take hours.
   */
  mongoCustomers: positiveInt("BENCH_MONGO_CUSTOMERS", 2_000),
  mongoSamples: positiveInt("BENCH_MONGO_SAMPLES", 5),
  /** Seed of every generated history, so two runs write the same events. */
  seed: positiveInt("BENCH_SEED", 20_240_601),
});

export type BenchConfig = ReturnType<typeof benchConfig>;
