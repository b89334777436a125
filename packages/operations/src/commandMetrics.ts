import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { Counter, Histogram, type Registry } from "prom-client";

// Contract section 12: commands by type and outcome, with latency. Measured at the HTTP
// edge, so a refusal before the decider (a bad body, a missing right) counts as the
// command's outcome too: that is what the caller experienced.

/** From a fast in-memory decision to a retried append on a loaded store. */
const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export const ACCEPTED = "accepted";

/** The contract's error code of a refusal body, else what its status says. */
const outcomeOf = (status: number, payload: unknown): string => {
  if (status < 400) return ACCEPTED;
  if (typeof payload === "string" && payload.startsWith("{")) {
    try {
      const { error } = JSON.parse(payload) as { error?: unknown };
      if (typeof error === "string" && /^[a-z_]{1,40}$/.test(error)) return error;
    } catch {
      // not the contract's error body: fall through to the status
    }
  }
  return status >= 500 ? "internal_error" : "rejected";
};

export const commandMetrics = fp(
  async (
    app: FastifyInstance,
    options: {
      registry: Registry;
      /** The command a request issues (its name in the CRM's words), or undefined for a read. */
      commandOf: (request: FastifyRequest) => string | undefined;
    },
  ) => {
    const labelNames = ["command", "outcome"] as const;
    const commands = new Counter({
      name: "crm_commands_total",
      help: "Commands received over HTTP, by command and outcome (accepted, or the contract's error code).",
      labelNames,
      registers: [options.registry],
    });
    const latency = new Histogram({
      name: "crm_command_duration_seconds",
      help: "Time from a command's request to its response, by command and outcome.",
      labelNames,
      buckets: LATENCY_BUCKETS,
      registers: [options.registry],
    });
    const outcomes = new WeakMap<FastifyRequest, string>();
    app.addHook("onSend", async (request, reply, payload) => {
      if (options.commandOf(request) !== undefined)
        outcomes.set(request, outcomeOf(reply.statusCode, payload));
      return payload;
    });
    app.addHook("onResponse", async (request, reply) => {
      const command = options.commandOf(request);
      if (command === undefined) return;
      const labels = { command, outcome: outcomes.get(request) ?? outcomeOf(reply.statusCode, null) };
      commands.inc(labels);
      latency.observe(labels, reply.elapsedTime / 1_000);
    });
  },
  { name: "command-metrics" },
);
