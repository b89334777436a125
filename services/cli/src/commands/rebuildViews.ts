import { parseArgs } from "node:util";
import { CUSTOMER_STREAM_PREFIX } from "@crm/domain";
import { platformRunningIn, readModelCheckpointName, readModelProjections } from "@crm/platform";
import { rebuildReadModels } from "@crm/read-models";
import { auditTrailInEventStore, openStores } from "@crm/stores";
import { progressBar } from "../progress.ts";
import { storeConfigOf } from "../stores.ts";

const USAGE = `crm rebuild [--only <collection>] [--data-dir DIR]
Rebuilds the read models from the event store, blue/green: built beside the live
ones, then switched in one step. Stop the platform on that data folder first.`;

export const rebuildViews = async (args: string[]): Promise<number> => {
  const { values } = parseArgs({
    args,
    options: { only: { type: "string" }, "data-dir": { type: "string" } },
  });
  const config = storeConfigOf(values["data-dir"]);
  const { dataDir } = config;
  const running = platformRunningIn(dataDir);
  if (running !== null) {
    process.stderr.write(`The platform (pid ${running}) is running on ${dataDir}; stop it, then rebuild.\n`);
    return 1;
  }
  // The read models the platform on these stores maintains (the embedded default reads its audit
  // trail from the event store: nothing of it to rebuild).
  const maintained = readModelProjections({ auditTrailInEventStore: auditTrailInEventStore(config) });
  const projections = maintained.filter((p) => !values.only || p.collection.startsWith(values.only));
  if (projections.length === 0) {
    process.stderr.write(`${USAGE}\nKnown collections: ${maintained.map((p) => p.collection).join(", ")}\n`);
    return 2;
  }
  const stores = await openStores(config);
  const { eventStore, readStore } = stores;
  const bar = progressBar("rebuild");
  try {
    let total = 0;
    for await (const _ of eventStore.readAll({ streamPrefix: CUSTOMER_STREAM_PREFIX })) total++;
    bar.start(total);
    const done = await rebuildReadModels({
      eventStore,
      readStore,
      projections,
      projectorName: readModelCheckpointName(),
      onProgress: (progress) => bar.update(progress.events),
    });
    bar.stop();
    process.stdout.write(
      `${JSON.stringify({ rebuilt: projections.map((p) => p.collection), events: done.events })}\n`,
    );
    return 0;
  } finally {
    bar.stop();
    await stores.close();
  }
};
