import type { ServiceProcess } from "./serviceProcess.ts";

/**
 * Starts a service, lets `killPoint` pick the moment, kills it with SIGKILL (as a machine
 * failure would: no shutdown hook runs) and starts it again, at least `atLeast` times and
 * until `enough()` says so. A service that ends by itself before its kill crashed: that
 * fails the run with what it wrote to stderr.
 */
export const killRepeatedly = async (options: {
  start: () => ServiceProcess;
  killPoint: (service: ServiceProcess) => Promise<unknown>;
  atLeast: number;
  enough?: () => boolean;
}): Promise<number> => {
  let kills = 0;
  while (kills < options.atLeast || !(options.enough?.() ?? true)) {
    const service = options.start();
    await options.killPoint(service);
    const ended = await service.kill("SIGKILL");
    if (ended.signal !== "SIGKILL")
      throw new Error(
        `${service.name} ended by itself (exit ${ended.code}) before its kill:\n${service.stderrTail()}`,
      );
    kills += 1;
  }
  return kills;
};
