import { CUSTOMER_STREAM_PREFIX, type RecordedCustomerEvent, toRecordedCustomerEvent } from "@crm/domain";
import type { EventStore } from "@crm/event-store";
import type { AliasedReadStore } from "./collectionAliases.ts";
import { pendingWrites } from "./pendingWrites.ts";
import { projectBatch } from "./projectBatch.ts";
import type { AnyProjection } from "./projection.ts";

const BATCH_SIZE = 5_000;
/** Events folded in memory between two writes of the documents (as the projector's catch-up does). */
const SETTLE_EVERY = 250_000;

export type RebuildProgress = { events: number; position: bigint };

/**
 * Rebuilds read models from the first event, blue/green: the projections are
 * built into fresh physical collections beside the live ones, the aliases are
 * switched in one step, the projector's checkpoint moves to where the build
 * ended, and only then are the old collections dropped.
 * Run it where no projector writes the same read models (the CLI checks that the
 * platform is not running on the same data).
 */
export const rebuildReadModels = async (deps: {
  eventStore: EventStore;
  readStore: AliasedReadStore;
  projections: readonly AnyProjection[];
  /** The live projector's checkpoint name, moved to the rebuilt position. */
  projectorName: string;
  onProgress?: (progress: RebuildProgress) => void;
  now?: () => Date;
}): Promise<RebuildProgress> => {
  const { eventStore, readStore, projections } = deps;
  const stamp = (deps.now?.() ?? new Date()).toISOString().replace(/\D/g, "").slice(0, 14);
  const building = projections.map((projection) => ({
    ...projection,
    collection: `${projection.collection}__${stamp}`,
  }));
  for (const projection of building) await readStore.physical.collection(projection.collection).clear();

  // Each document is written once per settle, not once per batch it changes in.
  const writes = pendingWrites(readStore.physical);
  let batch: RecordedCustomerEvent[] = [];
  let unsettled = 0;
  const progress: RebuildProgress = { events: 0, position: 0n };
  const flush = async (settle: boolean) => {
    await projectBatch(writes.readStore, building, batch);
    unsettled += batch.length;
    batch = [];
    if (!settle && unsettled < SETTLE_EVERY) return;
    await writes.settle();
    progress.events += unsettled;
    unsettled = 0;
    deps.onProgress?.({ ...progress });
  };
  for await (const stored of eventStore.readAll({ streamPrefix: CUSTOMER_STREAM_PREFIX })) {
    const event = toRecordedCustomerEvent(stored);
    if (event) batch.push(event);
    progress.position = stored.position;
    if (batch.length >= BATCH_SIZE) await flush(false);
  }
  await flush(true);

  const previous = await Promise.all(
    projections.map((projection) => readStore.physicalName(projection.collection)),
  );
  await readStore.switchTo(
    new Map(projections.map((projection, i) => [projection.collection, building[i]!.collection])),
  );
  if (progress.position > 0n) await readStore.checkpoints.store(deps.projectorName, progress.position);
  else await readStore.resetCheckpoint(deps.projectorName);
  for (const physical of previous) await readStore.physical.collection(physical).clear();
  return progress;
};
