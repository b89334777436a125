import { Counter, Gauge, type Registry } from "prom-client";

/**
 * Contract section 12's pool-rule runs: each pass of the idle-return rule starts by asking for
 * its candidates, so wrapping that question counts the passes and how many customers each
 * looked at. The returns themselves are events (crm_events_appended_total by type).
 */
export const countPoolRuleRuns = <Args extends unknown[]>(
  registry: Registry,
  findCandidates: (...args: Args) => Promise<string[]>,
): ((...args: Args) => Promise<string[]>) => {
  const runs = new Counter({
    name: "crm_pool_rule_runs_total",
    help: "Passes of the idle-return rule (contract 9.3), by outcome: ran, or failed to read its candidates.",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const candidates = new Gauge({
    name: "crm_pool_rule_candidates",
    help: "Customers the latest pass of the idle-return rule found idle (each then decided on its stream).",
    registers: [registry],
  });
  const lastRun = new Gauge({
    name: "crm_pool_rule_last_run_timestamp_seconds",
    help: "When the idle-return rule last looked for idle customers (Unix seconds).",
    registers: [registry],
  });
  return async (...args) => {
    try {
      const found = await findCandidates(...args);
      runs.inc({ outcome: "ran" });
      candidates.set(found.length);
      lastRun.setToCurrentTime();
      return found;
    } catch (error) {
      runs.inc({ outcome: "failed" });
      throw error;
    }
  };
};
