import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { StartupError } from "./startupError.ts";

// One platform process per data folder: two would each run projectors and
// reactors over the same files. Tools that rewrite read models (the CLI's
// rebuild) check the lock too. A lock left by a process that died is taken over,
// and so is one whose pid now belongs to another process (the pid was reused
// after a crash or a reboot) or to a zombie: the lock records its process's
// start time, and a live pid that started at another time is not the locker.

const LOCK_FILE = "platform.pid";

type LockRecord = { pid: number; startedAt: string | null };

/** The process's state and start time as the kernel reports them (Linux); null where there is no /proc. */
const processStat = (pid: number | "self"): { state: string; startedAt: string } | null => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses; the fields after its last ")" do not.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Field 3 is the state; field 22, the start time in clock ticks after boot, is the 20th after it.
    return { state: fields[0] ?? "", startedAt: fields[19] ?? "" };
  } catch {
    return null;
  }
};

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** Whether the process that wrote the lock is still running (not a zombie, not a reused pid). */
const lockerIsRunning = ({ pid, startedAt }: LockRecord): boolean => {
  if (!isAlive(pid)) return false;
  const stat = processStat(pid);
  if (stat === null) return true; // no /proc: a live pid is all we can know
  if (stat.state === "Z" || stat.state === "X") return false;
  // A lock written before start times were recorded: a live pid counts, as it did then.
  return startedAt === null || stat.startedAt === startedAt;
};

const readLock = (dataDir: string): LockRecord | null => {
  try {
    const [pidLine = "", startedAt] = readFileSync(join(dataDir, LOCK_FILE), "utf8").trim().split("\n");
    const pid = Number(pidLine.trim());
    return Number.isInteger(pid) && pid > 0 ? { pid, startedAt: startedAt?.trim() || null } : null;
  } catch {
    return null;
  }
};

/** The pid of a live platform process using this folder, if any. */
export const platformRunningIn = (dataDir: string): number | null => {
  const lock = readLock(dataDir);
  return lock && lock.pid !== process.pid && lockerIsRunning(lock) ? lock.pid : null;
};

export const lockDataDir = (dataDir: string) => {
  const running = platformRunningIn(dataDir);
  if (running !== null)
    throw new StartupError(
      `another platform process (pid ${running}) is using ${dataDir}: stop it, or start this one with another CRM_DATA_DIR`,
    );
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  writeFileSync(file, `${process.pid}\n${processStat("self")?.startedAt ?? ""}\n`);
  return { release: () => rmSync(file, { force: true }) };
};
