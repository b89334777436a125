import autocannon from "autocannon";
import { commandMix } from "./commandMix.ts";

// One bounded autocannon run of the command mix against a server: real sockets on
// 127.0.0.1, `clients` connections each with one request in flight, for `seconds`.

export type LoadResult = {
  clients: number;
  seconds: number;
  /** Answered 2xx per second: refused or failed commands are not throughput. */
  commandsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
};

/** `clients` connections, each with one request in flight, for `seconds`; a request answered in
 * more than 10 s counts as a timeout. Every load of the bench goes through this one setting. */
export const closedLoopLoad = (
  url: string,
  clients: number,
  seconds: number,
  requests: autocannon.Request[],
): Promise<autocannon.Result> =>
  autocannon({ url, connections: clients, pipelining: 1, duration: seconds, timeout: 10, requests });

export const runLoad = async (
  url: string,
  apiKey: string,
  clients: number,
  seconds: number,
): Promise<LoadResult> => {
  const { requests } = commandMix(apiKey);
  const result = await closedLoopLoad(url, clients, seconds, requests);
  return {
    clients,
    seconds: result.duration,
    commandsPerSecond: Math.round(result["2xx"] / result.duration),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
};
