// A projector in a process of its own, for crash tests: the test kills it with
// SIGKILL at random moments, as a machine failure would, and starts it again.
// Usage: node projectorProcess.ts <events.sqlite> <read-models.sqlite> <batchSize>
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import { startProjector } from "../projector.ts";
import { PROJECTIONS } from "./projectionFixture.ts";

const [eventsPath, readModelsPath, batchSize] = process.argv.slice(2);
if (!eventsPath || !readModelsPath)
  throw new Error("usage: projectorProcess.ts <events> <read-models> [batchSize]");

const projector = startProjector({
  name: "read-models",
  eventStore: openSqliteEventStore({ path: eventsPath }),
  readStore: openSqliteReadStore({ path: readModelsPath }),
  projections: PROJECTIONS,
  batchSize: Number(batchSize ?? 5),
  onError: (error) => process.stderr.write(`projector error: ${String(error)}\n`),
});
await projector.caughtUp;
process.stdout.write(`caught-up ${projector.position()}\n`);
