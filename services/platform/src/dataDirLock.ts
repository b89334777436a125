import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// One platform process per data folder: two would each run projectors and
// reactors over the same files. Tools that rewrite read models (the CLI's
// rebuild) check the lock too. A lock left by a process that died is taken over.

const LOCK_FILE = "platform.pid";

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** The pid of a live platform process using this folder, if any. */
export const platformRunningIn = (dataDir: string): number | null => {
  try {
    const pid = Number(readFileSync(join(dataDir, LOCK_FILE), "utf8").trim());
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) ? pid : null;
  } catch {
    return null;
  }
};

export const lockDataDir = (dataDir: string) => {
  const running = platformRunningIn(dataDir);
  if (running !== null) throw new Error(`another platform process (pid ${running}) is using ${dataDir}`);
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  writeFileSync(file, `${process.pid}\n`);
  return { release: () => rmSync(file, { force: true }) };
};
