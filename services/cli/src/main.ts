#!/usr/bin/env node
// crm: operations on a platform's data, for analysts and operators.
import { encryptHistory } from "./commands/encryptHistory.ts";
import { exportHistory } from "./commands/exportHistory.ts";
import { rebuildViews } from "./commands/rebuildViews.ts";
import { replayView } from "./commands/replayView.ts";
import { verifyHistory } from "./commands/verifyHistory.ts";

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  replay: replayView,
  rebuild: rebuildViews,
  "export-history": exportHistory,
  verify: verifyHistory,
  "encrypt-history": encryptHistory,
};

const USAGE = `usage: crm <command> [options]
  replay <view> --as-of ISO   a view as of a past date, replayed from the events, as JSON
  rebuild                     rebuild the read models blue/green from the event store
  export-history <customerId> a customer's events with their metadata, as JSON lines
  verify --all                every customer chain and the global chain against the signed checkpoints
  encrypt-history             once, after an upgrade: encrypt personal fields stored in plaintext
Data: --data-dir DIR or CRM_DATA_DIR (default .data).`;

const [command, ...args] = process.argv.slice(2);
const run = command ? COMMANDS[command] : undefined;
if (!run) {
  process.stderr.write(`${USAGE}\n`);
  process.exitCode = command ? 2 : 0;
} else {
  process.exitCode = await run(args);
}
