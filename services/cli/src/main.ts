#!/usr/bin/env node
// crm: operations on a platform's data, for analysts and operators.
import { exportHistory } from "./commands/exportHistory.ts";
import { rebuildViews } from "./commands/rebuildViews.ts";
import { replayView } from "./commands/replayView.ts";

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  replay: replayView,
  rebuild: rebuildViews,
  "export-history": exportHistory,
};

const USAGE = `usage: crm <command> [options]
  replay <view> --as-of ISO   a view as of a past date, replayed from the events, as JSON
  rebuild                     rebuild the read models blue/green from the event store
  export-history <customerId> a customer's events with their metadata, as JSON lines
Data: --data-dir DIR or CRM_DATA_DIR (default .data).`;

const [command, ...args] = process.argv.slice(2);
const run = command ? COMMANDS[command] : undefined;
if (command === "--help" || command === "-h" || command === "help") {
  process.stdout.write(`${USAGE}\n`);
} else if (!run) {
  // Nothing done is a failure: a script calling crm must not go on as if it had worked.
  process.stderr.write(`${command ? `crm: unknown command "${command}"\n` : ""}${USAGE}\n`);
  process.exitCode = 2;
} else {
  process.exitCode = await run(args);
}
