import type { RecordedCustomerEvent } from "@crm/domain";
import type { CollectionOptions, IndexDeclaration, ReadModelDocument } from "@crm/read-store";

/**
 * A projection is pure: a document and one event in, the next document out. It
 * must ignore an event it has already seen (the document carries the last
 * revision applied), which is what makes redelivery harmless.
 */
export type Projection<T extends ReadModelDocument> = {
  /** The collection the documents live in; a new version of the document shape gets a new name. */
  collection: string;
  /** The document an event goes to; by default the customer's own (one document per customer). */
  documentId?: (event: RecordedCustomerEvent) => string;
  /**
   * The next document; null (from null) where the event makes none: a read model of one document
   * per follow-up, say, whose other events go nowhere.
   */
  apply(document: T | null, event: RecordedCustomerEvent): T | null;
  /**
   * One document per event, made from that event alone and never changed after (the audit
   * trail): the projector writes it without reading the stored one first, since writing it again
   * writes the same document. A long history's documents are then never all held in memory.
   */
  immutable?: true;
  /** The indexes the read model's queries need; whoever opens the collection declares them. */
  indexes?: readonly IndexDeclaration[];
  /** Fields whose `contains` the store may narrow through an n-gram index (search's `q`). */
  substringIndexes?: readonly string[];
};

/** What whoever opens a projection's collection declares: its indexes. */
export const collectionOptionsOf = (projection: {
  indexes?: readonly IndexDeclaration[];
  substringIndexes?: readonly string[];
}): CollectionOptions => ({
  ...(projection.indexes ? { indexes: projection.indexes } : {}),
  ...(projection.substringIndexes ? { substringIndexes: projection.substringIndexes } : {}),
});

// biome-ignore lint/suspicious/noExplicitAny: a list of projections of different document types
export type AnyProjection = Projection<any>;
