import type { RecordedCustomerEvent } from "@crm/domain";
import type { DocumentCollection, ReadModelDocument, ReadStore } from "@crm/read-store";
import { type AnyProjection, collectionOptionsOf } from "./projection.ts";

type Documents = DocumentCollection<ReadModelDocument>;

/**
 * Applies a batch of customer events to every projection: loads the documents
 * the batch touches, folds the events in, writes back only what changed. The
 * same code serves the embedded projector and the Kafka consumers.
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
  const customersOfBatch = new Map<boolean, BatchDocuments>();
  await Promise.all(
    projections.map(async (projection) => {
      const documentId = projection.documentId ?? customerIdOf;
      const collection = readStore.collection<ReadModelDocument>(
        projection.collection,
        collectionOptionsOf(projection),
      );
      const canInsert = collection.insertNew !== undefined;
      const ownDocuments = projection.documentId === undefined && !projection.immutable;
      let batch = ownDocuments ? customersOfBatch.get(canInsert) : undefined;
      if (!batch) {
        batch = documentsOfBatch(projection, documentId, events, canInsert);
        if (ownDocuments) customersOfBatch.set(canInsert, batch);
      }
      const { made, toRead } = batch;
      const documents = projection.immutable
        ? new Map<string, ReadModelDocument>()
        : await collection.getMany(toRead);
      const changed = fold(projection, documentId, events, documents);
      if (made.size === 0) {
        await collection.putMany([...changed.values()]);
        return;
      }
      const created = [...changed.values()].filter(({ _id }) => made.has(_id));
      await collection.putMany([...changed.values()].filter(({ _id }) => !made.has(_id)));
      const stored = await (collection.insertNew as NonNullable<Documents["insertNew"]>)(created);
      // An immutable document stored already is this very document.
      if (stored.size > 0 && !projection.immutable)
        await foldAgain(collection, projection, documentId, events, stored);
    }),
  );
};

const customerIdOf = (event: RecordedCustomerEvent) => event.customerId;

/**
 * The documents a batch touches: those it makes from nothing (where the store can insert without
 * reading: no stored version can exist unless the batch is redelivered), and the others, to read.
 */
type BatchDocuments = { made: ReadonlySet<string>; toRead: readonly string[] };

const documentsOfBatch = (
  projection: AnyProjection,
  documentId: (event: RecordedCustomerEvent) => string,
  events: readonly RecordedCustomerEvent[],
  canInsert: boolean,
): BatchDocuments => {
  const seen = new Set<string>();
  const made = new Set<string>();
  const toRead: string[] = [];
  for (const event of events) {
    const id = documentId(event);
    if (seen.has(id)) continue;
    seen.add(id);
    if (canInsert && (projection.immutable || (event.revision === 0 && id === event.customerId)))
      made.add(id);
    else toRead.push(id);
  }
  return { made, toRead };
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

/** The documents a redelivered batch found stored: read, and the batch's events folded into them. */
const foldAgain = async (
  collection: Documents,
  projection: AnyProjection,
  documentId: (event: RecordedCustomerEvent) => string,
  events: readonly RecordedCustomerEvent[],
  ids: ReadonlySet<string>,
): Promise<void> => {
  const theirs = events.filter((event) => ids.has(documentId(event)));
  const changed = fold(projection, documentId, theirs, await collection.getMany([...ids]));
  await collection.putMany([...changed.values()]);
};
