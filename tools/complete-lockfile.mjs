#!/usr/bin/env node
// Completes package-lock.json with the optional, platform-specific packages that the
// package registry this project installs from does not serve (other operating systems'
// binaries of biome, turbo, ...). npm leaves such "unavailable" optional packages out of
// the lockfile and then `npm ci` refuses that very lockfile as out of sync (npm/cli#9846).
// Each missing one gets an entry with its version and the os/cpu its name says, which npm
// skips on every other platform and fetches on its own. Plain JavaScript so that any Node
// that runs npm can run it (it is the root package's postinstall).
import { readFileSync, writeFileSync } from "node:fs";

const LOCKFILE = new URL("../package-lock.json", import.meta.url);
const OS = {
  darwin: "darwin",
  linux: "linux",
  win32: "win32",
  windows: "win32",
  android: "android",
  freebsd: "freebsd",
};
const CPU = { arm64: "arm64", x64: "x64", 64: "x64", ia32: "ia32", arm: "arm" };

const platformOf = (name) => {
  const parts = name.split("/").pop().split("-");
  const os = parts.map((part) => OS[part]).find(Boolean);
  const cpu = parts.map((part) => CPU[part]).find(Boolean);
  if (!os || !cpu) return null;
  return { os: [os], cpu: [cpu], ...(parts.includes("musl") ? { libc: ["musl"] } : {}) };
};

/** Where npm would look for `dependency` required from the package installed at `from`. */
const resolves = (packages, from, dependency) => {
  for (let at = from; ; at = at.slice(0, Math.max(0, at.lastIndexOf("/node_modules/")))) {
    if (packages[`${at ? `${at}/` : ""}node_modules/${dependency}`]) return true;
    if (!at) return false;
  }
};

const lock = JSON.parse(readFileSync(LOCKFILE, "utf8"));
const added = [];
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [dependency, version] of Object.entries(entry.optionalDependencies ?? {})) {
    if (resolves(lock.packages, path, dependency)) continue;
    const platform = platformOf(dependency);
    // Only exact versions of platform binaries are completed; anything else stays npm's business.
    if (!platform || !/^\d+\.\d+\.\d+/.test(version)) continue;
    lock.packages[`node_modules/${dependency}`] = { version, optional: true, ...platform };
    added.push(`${dependency}@${version}`);
  }
}
if (added.length > 0) {
  const [root, ...rest] = Object.entries(lock.packages);
  lock.packages = Object.fromEntries([root, ...rest.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
  writeFileSync(LOCKFILE, `${JSON.stringify(lock, null, 2)}\n`);
  process.stderr.write(`complete-lockfile: recorded ${added.length} optional platform packages\n`);
}
