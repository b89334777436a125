// Run as a child process by processCrash.int.spec.ts: appends to the store at argv[2] forever and
// prints each event id once its append has resolved, i.e. once the store has accepted it.
import { randomUUID } from "node:crypto";
import { openSqliteEventStore } from "../sqliteEventStore.ts";

const store = openSqliteEventStore({ path: process.argv[2]! });
const stream = `crm-customer-${randomUUID()}`;
for (let revision = -1; ; revision += 1) {
  const eventId = randomUUID();
  await store.append(stream, [{ eventId, type: "InteractionLogged", data: { revision }, metadata: {} }], {
    expectedRevision: revision,
  });
  process.stdout.write(`${eventId}\n`);
}
