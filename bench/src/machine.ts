import { availableParallelism, cpus, loadavg, totalmem } from "node:os";

/** The machine the numbers were measured on, as the report's header states it. */
export const machine = () => ({
  cores: availableParallelism(),
  cpu: cpus()[0]?.model.trim() ?? "unknown",
  memoryGiB: Math.round(totalmem() / 1024 ** 3),
  node: process.version,
  date: new Date().toISOString().slice(0, 16).replace("T", " "),
  /** The 15-minute load average: other work on the machine shows here, and in every number. */
  load15: Math.round((loadavg()[2] ?? 0) * 100) / 100,
});

export type Machine = ReturnType<typeof machine>;
