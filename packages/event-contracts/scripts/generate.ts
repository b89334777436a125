import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CONTRACT_FILES_DIR, contractFiles } from "../src/contractFiles.ts";

// `npm run -w @crm/event-contracts generate`: rewrites schemas/ from the code.
// Files that are no longer generated are removed, so a dropped schema is not left published.

const root = fileURLToPath(CONTRACT_FILES_DIR);
const files = contractFiles();
const existing = readdirSync(root, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => join(entry.parentPath, entry.name).slice(root.length));
for (const stale of existing.filter((path) => !files.has(path))) rmSync(join(root, stale));
for (const [path, text] of files) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}
console.log(`wrote ${files.size} files to ${root}`);
