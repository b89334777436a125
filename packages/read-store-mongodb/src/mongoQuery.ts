import {
  checkedKeyset,
  checkedPath,
  type DocumentFilter,
  type DocumentQuery,
  type FieldCondition,
  type FieldValue,
  type IndexDeclaration,
  type ReadModelDocument,
  type SortKey,
  totalOrder,
} from "@crm/read-store";
import type { Document, Filter, Sort } from "mongodb";

// A read-store query as a MongoDB filter and sort. Each condition is its own clause under
// `$and`: simple to read, and the query planner merges clauses on one field into one index range.

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const conditionClauses = (path: string, condition: FieldCondition): Document[] => {
  checkedPath(path);
  if (condition === null || typeof condition !== "object") return [{ [path]: condition }];
  const clauses: Document[] = [];
  if (condition.in !== undefined) clauses.push({ [path]: { $in: [...condition.in] } });
  if (condition.ne !== undefined) clauses.push({ [path]: { $ne: condition.ne } });
  for (const operator of ["gt", "gte", "lt", "lte"] as const)
    if (condition[operator] !== undefined)
      clauses.push({ [path]: { [`$${operator}`]: condition[operator] } });
  // Equality on an array field matches an element: what `has` asks.
  if (condition.has !== undefined) clauses.push({ [path]: condition.has });
  if (condition.contains !== undefined) clauses.push({ [path]: { $regex: escapeRegex(condition.contains) } });
  return clauses;
};

const filterClauses = (filter: DocumentFilter): Document[] =>
  Object.entries(filter).flatMap(([path, condition]) => conditionClauses(path, condition));

const both = (clauses: Document[]): Document =>
  clauses.length === 1 ? (clauses[0] as Document) : { $and: clauses };

const comparison = ([, direction]: SortKey, inclusive: boolean) =>
  `$${direction === "asc" ? "gt" : "lt"}${inclusive ? "e" : ""}`;

/** Strictly after the keyset (see the SQLite adapter for the shape and why the leading bound). */
const keysetClauses = (order: readonly SortKey[], after: readonly FieldValue[]): Document[] => {
  const [first] = order;
  if (!first) return [];
  const alternatives = order.map((key, index) => ({
    ...Object.fromEntries(order.slice(0, index).map(([path], i) => [path, after[i]])),
    [key[0]]: { [comparison(key, false)]: after[index] },
  }));
  return [{ [first[0]]: { [comparison(first, true)]: after[0] } }, { $or: alternatives }];
};

export const sortOf = (order: readonly SortKey[]): Sort =>
  Object.fromEntries(order.map(([path, direction]) => [checkedPath(path), direction === "asc" ? 1 : -1]));

export const mongoFind = (
  query: DocumentQuery,
): { filter: Filter<ReadModelDocument>; sort: Sort; limit: number } => {
  if (!Number.isInteger(query.limit) || query.limit < 1)
    throw new Error(`a query's limit must be a positive integer, got ${query.limit}`);
  const order = totalOrder(query.sort);
  const clauses = filterClauses(query.filter ?? {});
  const anyOf = (query.anyOf ?? []).map((filter) => {
    const alternative = filterClauses(filter);
    return alternative.length === 0 ? {} : both(alternative);
  });
  if (anyOf.length > 0) clauses.push({ $or: anyOf });
  if (query.after) {
    checkedKeyset(order, query.after);
    clauses.push(...keysetClauses(order, query.after));
  }
  return {
    filter: (clauses.length === 0 ? {} : both(clauses)) as Filter<ReadModelDocument>,
    sort: sortOf(order),
    limit: query.limit,
  };
};

/** The index keys of a declaration, `_id` last, as the queries sort. */
export const indexKeys = (index: IndexDeclaration): Record<string, 1 | -1> =>
  sortOf(totalOrder(index)) as Record<string, 1 | -1>;
