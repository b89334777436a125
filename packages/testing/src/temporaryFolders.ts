import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";

/**
 * A fresh empty folder each call (a data folder, say), named `prefix` and something random in
 * the system's temporary folder; every folder a test made is removed after it, failed or not.
 */
export const temporaryFolders = (prefix: string) => {
  const made: string[] = [];
  afterEach(() => {
    for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
  });
  return (): string => {
    const folder = mkdtempSync(join(tmpdir(), prefix));
    made.push(folder);
    return folder;
  };
};
