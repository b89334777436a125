import { collectDefaultMetrics, Registry } from "prom-client";

/**
 * One registry per process, holding the Node and process metrics (CPU, memory, event-loop
 * lag, GC, handles) beside the CRM's own. Not prom-client's global registry: tests run
 * several platforms in one process, and each must count only its own.
 */
export const processMetrics = (): Registry => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
};
