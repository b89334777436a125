import type { RecordedCustomerEvent } from "@crm/domain";
import type { ReadModelDocument, ReadStore } from "@crm/read-store";
import { type AnyProjection, collectionOptionsOf } from "./projection.ts";

/**
 * Applies a batch of customer events to every projection: loads the documents
 * the batch touches, folds the events in, writes back only what changed. The
 * same code serves the embedded projector and the Kafka consumers.
 */
export const projectBatch = async (
  readStore: ReadStore,
  projections: readonly AnyProjection[],
  events: readonly RecordedCustomerEvent[],
): Promise<void> => {
  if (events.length === 0) return;
  await Promise.all(
    projections.map(async (projection) => {
      const documentId = projection.documentId ?? ((event: RecordedCustomerEvent) => event.customerId);
      const collection = readStore.collection<ReadModelDocument>(
        projection.collection,
        collectionOptionsOf(projection),
      );
      const documents = projection.immutable
        ? new Map<string, ReadModelDocument>()
        : await collection.getMany([...new Set(events.map(documentId))]);
      const changed = new Map<string, ReadModelDocument>();
      for (const event of events) {
        const id = documentId(event);
        const before = documents.get(id) ?? null;
        const after = projection.apply(before, event);
        if (after !== before && after !== null) {
          documents.set(id, after);
          changed.set(id, after);
        }
      }
      await collection.putMany([...changed.values()]);
    }),
  );
};
