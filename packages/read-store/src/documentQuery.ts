// What a read asks of a collection, pushed down to the store so that a request costs what its
// answer costs, not what the collection holds. The language is small on purpose: what the read
// models need (equality, ranges, membership, a substring of a pre-folded field, one level of
// "any of"), each of which both a SQL expression index and a MongoDB index can serve.

export type FieldValue = string | number | boolean | null;

/**
 * A condition on one field, named by its dotted path (`actor.id`). A bare value means "equals";
 * `null` matches a field that is null or absent.
 */
export type FieldCondition =
  | FieldValue
  | {
      /** Equals one of these. */
      in?: readonly FieldValue[];
      /** Differs from this (an absent field differs from everything but null). */
      ne?: FieldValue;
      gt?: string | number;
      gte?: string | number;
      lt?: string | number;
      lte?: string | number;
      /** An array field holding this value. */
      has?: FieldValue;
      /**
       * A string field holding this text, compared as stored (fold the field when writing and
       * the needle when asking). An ordinary index does not serve it: it filters what the rest of
       * the query reaches, unless the field has a substring index (`CollectionOptions`).
       */
      contains?: string;
    };

/** Every condition must hold. */
export type DocumentFilter = Readonly<Record<string, FieldCondition>>;

export type SortDirection = "asc" | "desc";
export type SortKey = readonly [path: string, direction: SortDirection];

export type DocumentQuery = {
  filter?: DocumentFilter;
  /** Besides `filter`, at least one of these must hold (an empty list is left out). */
  anyOf?: readonly DocumentFilter[];
  /**
   * The answer's order. `_id` ascending is appended when not named, so the order is total and a
   * keyset names one place in it. Sort fields must hold a value (not null) of one type in every
   * document: orders of mixed types differ between stores.
   */
  sort?: readonly SortKey[];
  /**
   * Start strictly after this place in the order: the sort values of the last document of the
   * previous page, `_id` last (see `keysetOf`). Paging by keyset never repeats or skips a document
   * while others are written, and costs the same on the hundredth page as on the first.
   */
  after?: readonly FieldValue[];
  /** At most this many documents: every query is bounded. */
  limit: number;
};

/** One index the owner of a collection declares: the fields it orders by, `_id` appended by the store. */
export type IndexDeclaration = readonly SortKey[];

export type CollectionOptions = {
  /** Created when the collection is first used (and on every physical collection a rebuild makes). */
  indexes?: readonly IndexDeclaration[];
  /**
   * String fields whose `contains` the store may narrow through an n-gram index (needles of three
   * characters or more), so a selective needle does not walk the collection. The answer is the
   * same without one: a store without such an index ignores the declaration.
   */
  substringIndexes?: readonly string[];
};

/** The sort with `_id` appended when absent: the total order a query answers in. */
export const totalOrder = (sort: readonly SortKey[] = []): SortKey[] =>
  sort.some(([path]) => path === "_id") ? [...sort] : [...sort, ["_id", "asc"]];

/** A dotted path's value in a document (undefined when absent). */
export const valueAt = (document: object, path: string): unknown =>
  path
    .split(".")
    .reduce<unknown>(
      (value, key) =>
        value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined,
      document,
    );

/** The keyset of a document in a query's order: pass it as `after` to continue past it. */
export const keysetOf = (document: object, sort?: readonly SortKey[]): FieldValue[] =>
  totalOrder(sort).map(([path]) => (valueAt(document, path) ?? null) as FieldValue);

// Paths go into SQL text and MongoDB keys: letters, digits, underscores, dots between.
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Throws on a field path a store could misread; every adapter checks its paths with it. */
export const checkedPath = (path: string): string => {
  if (!PATH.test(path)) throw new Error(`"${path}" is not a field path a read-store query accepts`);
  return path;
};

/** Throws on a keyset that does not fit the order (a caller's bug, never a client's). */
export const checkedKeyset = (order: readonly SortKey[], after: readonly FieldValue[]): void => {
  if (after.length !== order.length)
    throw new Error(`a keyset needs ${order.length} values (the sort, then _id), got ${after.length}`);
  if (after.some((value) => value === null))
    throw new Error("a keyset cannot hold null: sort fields must hold values");
};
