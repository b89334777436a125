import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Route, Running } from "./chain.ts";
import { runToEnd } from "./runToEnd.ts";

const infraDir = fileURLToPath(new URL("../../../infra/local/", import.meta.url));
// infra/local/lib.sh exits with this code when a tool or npm package is missing here.
const MISSING_PREREQUISITE = 3;

let leaseCount = 0;
const heldLeases = new Map<string, string>();

// A process that ends without calling stop() (a crash, a filtered-out suite) still lets go
// of its leases, so the last user stops the server.
process.once("exit", () => {
  for (const [lease, stopScript] of heldLeases) {
    spawnSync("bash", [stopScript], { env: { ...process.env, LEASE: lease }, stdio: "ignore" });
  }
});

const runScript = (script: string, lease: string) =>
  runToEnd("bash", [script], { ...process.env, LEASE: lease }, { showStderr: true });

/**
 * The local route: infra/local/<service>/start.sh, which prints `<envName>=<value>` once the
 * server answers. Each call holds its own lease; the server stops when the last is released.
 */
export function localRoute<Address>(
  service: "kafka" | "ferretdb",
  envName: string,
  address: (value: string) => Address,
): Route<Address> {
  return async () => {
    const startScript = `${infraDir}${service}/start.sh`;
    const stopScript = `${infraDir}${service}/stop.sh`;
    if (!existsSync(startScript)) return `local: ${startScript} is not there (not a checkout of this repo?)`;

    leaseCount += 1;
    const lease = `${process.pid}-${leaseCount}`;
    const started = await runScript(startScript, lease);
    if (started.code === MISSING_PREREQUISITE) {
      return `local: infra/local/${service}/start.sh cannot run here: ${lastLine(started.stderr)}`;
    }
    const line = started.stdout.split("\n").find((l) => l.startsWith(`${envName}=`));
    if (started.code !== 0 || line === undefined) {
      throw new Error(
        `infra/local/${service}/start.sh failed (exit ${started.code}):\n${tail(started.stderr, 30)}`,
      );
    }
    heldLeases.set(lease, stopScript);

    let stopping: Promise<void> | undefined;
    const server: Running<Address> = {
      ...address(line.slice(envName.length + 1)),
      source: "local",
      stop: () => {
        stopping ??= runScript(stopScript, lease).then((stopped) => {
          heldLeases.delete(lease);
          if (stopped.code !== 0) {
            throw new Error(
              `infra/local/${service}/stop.sh failed (exit ${stopped.code}):\n${stopped.stderr}`,
            );
          }
        });
        return stopping;
      },
    };
    return server;
  };
}

function lastLine(text: string): string {
  return text.trim().split("\n").at(-1) ?? "";
}

function tail(text: string, lines: number): string {
  return text.trim().split("\n").slice(-lines).join("\n");
}
