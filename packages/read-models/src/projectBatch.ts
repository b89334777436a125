import type { RecordedCustomerEvent } from "@crm/domain";
import { foldBatchesInto, foldedBatch, type ReadModelDocument, type ReadStore } from "@crm/read-store";
import { type AnyProjection, collectionOptionsOf } from "./projection.ts";

/**
 * Applies a batch of customer events to every projection: loads the documents
 * the batch touches, folds the events in, writes back only what changed. The
 * same code serves the embedded projector and the Kafka consumers.
 *
 * Every projection reads first; then all their writes start together (foldBatchesInto), so that
 * MongoDB takes one write claim for the batch, however its reads' answers spread in time. On
 * SQLite, whose calls answer at once, the reads came first anyway.
 *
 * Where the store can insert without reading (`insertNew`), the documents a batch makes are not
 * looked up: an immutable projection's (one per event), and a customer's own document whose
 * first event in the batch is the customer's first (revision 0), since only that customer's
 * events reach it. A redelivered batch finds them stored: those are read and folded again, so
 * the result is the same as reading first.
 */
export const projectBatch = async (
  readStore: ReadStore,
  projections: readonly AnyProjection[],
  events: readonly RecordedCustomerEvent[],
): Promise<void> => {
  if (events.length === 0) return;
  // Most projections keep the customer's own document: the batch's customers are listed once for them all.
  const customerIds = [...new Set(events.map(customerIdOf))];
  await foldBatchesInto(
    projections.map((projection) => {
      const documentId = projection.documentId ?? customerIdOf;
      const collection = readStore.collection<ReadModelDocument>(
        projection.collection,
        collectionOptionsOf(projection),
      );
      return foldedBatch(collection, {
        ids: projection.documentId ? [...new Set(events.map(projection.documentId))] : customerIds,
        madeFromNothing: () => madeByBatch(projection, documentId, events),
        immutable: projection.immutable === true,
        fold: (documents, only) =>
          fold(
            projection,
            documentId,
            only ? events.filter((event) => only.has(documentId(event))) : events,
            documents,
          ),
      });
    }),
  );
};

const customerIdOf = (event: RecordedCustomerEvent) => event.customerId;

/** The ids of documents this batch makes from nothing: no stored version can exist unless it is redelivered. */
const madeByBatch = (
  projection: AnyProjection,
  documentId: (event: RecordedCustomerEvent) => string,
  events: readonly RecordedCustomerEvent[],
): Set<string> => {
  const seen = new Set<string>();
  const made = new Set<string>();
  for (const event of events) {
    const id = documentId(event);
    if (seen.has(id)) continue;
    seen.add(id);
    if (projection.immutable || (event.revision === 0 && id === event.customerId)) made.add(id);
  }
  return made;
};

/** Folds the events into the documents (updated in place); the documents that changed, by id. */
const fold = (
  projection: AnyProjection,
  documentId: (event: RecordedCustomerEvent) => string,
  events: readonly RecordedCustomerEvent[],
  documents: Map<string, ReadModelDocument>,
): Map<string, ReadModelDocument> => {
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
  return changed;
};
