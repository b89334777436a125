import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { CONSOLE_DIST, CONSOLE_ROOT } from "./consoleFiles.ts";

// `npm start` (its prestart) and the console's browser tests call this: a fresh clone
// has no dist (it is not in git), and a pull may have changed the sources, so the build
// is made when the sources' fingerprint differs from the one the last build recorded.

const INPUTS = ["index.html", "vite.config.ts", "package.json", "src", "public"];
const STAMP = join(CONSOLE_DIST, ".source-fingerprint");
const LOCK = join(CONSOLE_ROOT, ".build.lock");
/** A lock older than this was left by a build that died. */
const STALE_LOCK_MS = 120_000;

const filesUnder = (path: string): string[] => {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
};

const sourceFingerprint = () => {
  const hash = createHash("sha256");
  for (const file of INPUTS.flatMap((input) => filesUnder(join(CONSOLE_ROOT, input)))) {
    hash.update(relative(CONSOLE_ROOT, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
};

const isBuildCurrent = (fingerprint: string) =>
  existsSync(STAMP) && readFileSync(STAMP, "utf8") === fingerprint;

/**
 * One build at a time across processes (test files start platforms in parallel): whoever
 * takes the lock builds; the others wait for it and then find the build current.
 */
const withBuildLock = async <T>(work: () => Promise<T>): Promise<T> => {
  for (;;) {
    try {
      closeSync(openSync(LOCK, "wx"));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const age = Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) rmSync(LOCK, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK, { force: true });
  }
};

/** Builds the console unless the build on disk was made from the same sources. */
export const ensureConsoleBuilt = async (log: (line: string) => void = () => {}) => {
  const fingerprint = sourceFingerprint();
  if (isBuildCurrent(fingerprint)) return { built: false };
  return withBuildLock(async () => {
    if (isBuildCurrent(fingerprint)) return { built: false };
    log("building the web console (once per change of its sources)...");
    const { build } = await import("vite");
    await build({ root: CONSOLE_ROOT, logLevel: "warn" });
    writeFileSync(STAMP, fingerprint);
    return { built: true };
  });
};

if (import.meta.main) await ensureConsoleBuilt((line) => process.stderr.write(`${line}\n`));
