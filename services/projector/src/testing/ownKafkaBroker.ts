import { spawn, spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { type KafkaServer, runToEnd, type Unavailable, unusedPort } from "@crm/test-servers";

// A broker of this suite's own, for the test that restarts it mid-stream. Not the one the
// test-servers chain shares: other suites hold leases on that one and would see their broker
// vanish. Started by infra/local/kafka/start.sh with a run dir and ports of its own (as the
// infra README describes for a second set of servers). The restart is done here, not by
// stop.sh + start.sh: start.sh formats fresh storage each time, which would be a new, empty
// broker (topic and committed offsets gone), not a restart. So the broker's own command line
// is run again on the same storage, as a service manager would.

const infraDir = fileURLToPath(new URL("../../../../infra/local/", import.meta.url));
const MISSING_PREREQUISITE = 3;

export type OwnKafkaBroker = KafkaServer & {
  /** SIGTERM (a controlled shutdown), then the same broker on the same storage; resolves once it serves requests. */
  restart(): Promise<void>;
};

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export const ownKafkaBroker = async (): Promise<OwnKafkaBroker | Unavailable> => {
  const runDir = mkdtempSync(join(tmpdir(), "crm-own-kafka-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    INFRA_RUN_DIR: runDir,
    // The broker's jars, resolved once by whoever started a local broker first.
    INFRA_CACHE_DIR:
      process.env.INFRA_CACHE_DIR ?? join(process.env.INFRA_RUN_DIR ?? join(infraDir, ".run"), "cache"),
    KAFKA_PORT: String(await unusedPort()),
    KAFKA_CONTROLLER_PORT: String(await unusedPort()),
    LEASE: `${process.pid}-own-broker`,
  };
  const stopScript = join(infraDir, "kafka", "stop.sh");
  const started = await runToEnd("bash", [join(infraDir, "kafka", "start.sh")], env);
  if (started.code === MISSING_PREREQUISITE) {
    rmSync(runDir, { recursive: true, force: true });
    return {
      unavailable: `local: infra/local/kafka/start.sh cannot run here: ${started.stderr.trim().split("\n").at(-1)}`,
    };
  }
  const line = started.stdout.split("\n").find((l) => l.startsWith("KAFKA_BROKERS="));
  if (started.code !== 0 || !line)
    throw new Error(`own broker did not start (exit ${started.code}):\n${started.stderr}`);
  // However this process ends, the broker does not outlive it.
  const stopOnExit = () => spawnSync("bash", [stopScript], { env, stdio: "ignore" });
  process.once("exit", stopOnExit);

  const pidFile = join(runDir, "kafka", "pid");
  const restart = async () => {
    const pid = Number(readFileSync(pidFile, "utf8").trim());
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8")
      .split("\0")
      .filter((arg) => arg !== "");
    process.kill(pid, "SIGTERM");
    while (alive(pid)) await sleep(100);
    const log = openSync(join(runDir, "kafka", "broker.log"), "a");
    const broker = spawn(argv[0] ?? "java", argv.slice(1), {
      env,
      detached: true,
      stdio: ["ignore", log, log],
    });
    broker.unref();
    closeSync(log);
    // stop.sh finds the broker by this file (and checks its command line), so it stops the new one.
    writeFileSync(pidFile, `${broker.pid}\n`);
    const ready = await runToEnd(
      process.execPath,
      [
        "--disable-warning=TimeoutNegativeWarning",
        join(infraDir, "kafka", "ready.ts"),
        `127.0.0.1:${env.KAFKA_PORT}`,
        String(broker.pid),
        "60",
      ],
      env,
    );
    if (ready.code !== 0) throw new Error(`own broker did not come back after its restart:\n${ready.stderr}`);
  };

  return {
    brokers: [line.slice("KAFKA_BROKERS=".length)],
    source: "local",
    restart,
    stop: async () => {
      process.removeListener("exit", stopOnExit);
      await runToEnd("bash", [stopScript], env);
      rmSync(runDir, { recursive: true, force: true });
    },
  };
};
