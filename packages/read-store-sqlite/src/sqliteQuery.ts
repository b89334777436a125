import { createHash } from "node:crypto";
import {
  checkedKeyset,
  checkedPath,
  type DocumentFilter,
  type DocumentQuery,
  type FieldCondition,
  type FieldValue,
  type IndexDeclaration,
  type SortKey,
  totalOrder,
} from "@crm/read-store";

// A read-store query as SQL over the documents table. A field is `json_extract(body, '$.path')`,
// written the same way in the indexes declared for the collection, which is what lets SQLite
// answer from an expression index (it matches index expressions by their text).

type Bound = string | number | null;
export type SqlQuery = { sql: string; params: Bound[] };

/** A text as an SQL string literal. */
export const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/**
 * The SQL of a field: `_id` is the row's own column, anything else is read from the JSON (of the
 * row's body, or of another body expression such as a bound parameter).
 */
export const fieldSql = (path: string, body = "body"): string =>
  path === "_id" ? "id" : `json_extract(${body}, ${literal(`$.${checkedPath(path)}`)})`;

/** How a collection's fields are written in SQL: from the JSON, or from a key column kept beside it (documentKeySlots.ts). */
export type FieldSql = (path: string) => string;

// SQLite has no boolean: JSON true and false read back as 1 and 0.
const bound = (value: FieldValue): Bound => (typeof value === "boolean" ? Number(value) : value);

const conditionSql = (
  fields: FieldSql,
  path: string,
  condition: FieldCondition,
  params: Bound[],
): string[] => {
  const field = fields(path);
  if (condition === null) return [`${field} IS NULL`];
  if (typeof condition !== "object") {
    params.push(bound(condition));
    return [`${field} = ?`];
  }
  const parts: string[] = [];
  if (condition.in !== undefined) {
    const values = condition.in.filter((value) => value !== null);
    const alternatives = values.length > 0 ? [`${field} IN (${values.map(() => "?").join(", ")})`] : [];
    params.push(...values.map(bound));
    if (condition.in.includes(null)) alternatives.push(`${field} IS NULL`);
    // Nothing matches an empty list. Not written as a constant: SQLite folds `0` away and then
    // finds no plan through an index the query names.
    parts.push(alternatives.length > 0 ? `(${alternatives.join(" OR ")})` : "id < ''");
  }
  if (condition.ne !== undefined) {
    if (condition.ne === null) parts.push(`${field} IS NOT NULL`);
    else {
      parts.push(`(${field} IS NULL OR ${field} <> ?)`);
      params.push(bound(condition.ne));
    }
  }
  for (const [operator, sql] of [
    ["gt", ">"],
    ["gte", ">="],
    ["lt", "<"],
    ["lte", "<="],
  ] as const) {
    const value = condition[operator];
    if (value === undefined) continue;
    parts.push(`${field} ${sql} ?`);
    params.push(value);
  }
  if (condition.has !== undefined) {
    const source = `json_each(body, ${literal(`$.${checkedPath(path)}`)})`;
    if (condition.has === null) parts.push(`EXISTS (SELECT 1 FROM ${source} WHERE value IS NULL)`);
    else {
      parts.push(`EXISTS (SELECT 1 FROM ${source} WHERE value = ?)`);
      params.push(bound(condition.has));
    }
  }
  if (condition.contains !== undefined) {
    parts.push(`instr(${field}, ?) > 0`);
    params.push(condition.contains);
  }
  return parts;
};

const filterSql = (fields: FieldSql, filter: DocumentFilter, params: Bound[]): string[] =>
  Object.entries(filter).flatMap(([path, condition]) => conditionSql(fields, path, condition, params));

const comparison = ([, direction]: SortKey, inclusive: boolean) =>
  (direction === "asc" ? ">" : "<") + (inclusive ? "=" : "");

/**
 * Strictly after the keyset, in the order: (k1 > v1) OR (k1 = v1 AND k2 > v2) OR ... (with `<`
 * for descending keys). The leading `k1 >= v1` says the same and gives SQLite a range to seek to
 * in the index, so a later page does not walk the earlier ones again.
 */
const keysetSql = (
  fields: FieldSql,
  order: readonly SortKey[],
  after: readonly FieldValue[],
  params: Bound[],
): string => {
  const [first] = order;
  if (!first) return "1";
  params.push(bound(after[0] as FieldValue));
  const alternatives = order.map((key, index) => {
    const equal = order.slice(0, index).map(([path], i) => {
      params.push(bound(after[i] as FieldValue));
      return `${fields(path)} = ?`;
    });
    params.push(bound(after[index] as FieldValue));
    return [...equal, `${fields(key[0])} ${comparison(key, false)} ?`].join(" AND ");
  });
  return `${fields(first[0])} ${comparison(first, true)} ? AND (${alternatives.map((a) => `(${a})`).join(" OR ")})`;
};

const orderSql = (fields: FieldSql, order: readonly SortKey[]) =>
  order.map(([path, direction]) => `${fields(path)} ${direction.toUpperCase()}`).join(", ");

/** A declared index and the name it was created under. */
export type NamedIndex = { name: string; index: IndexDeclaration };

const sameKeys = (a: readonly SortKey[], b: readonly SortKey[], flipped: boolean) =>
  a.length === b.length &&
  a.every(([path, direction], i) => path === b[i]?.[0] && (direction === b[i]?.[1]) !== flipped);

/**
 * The declared index that serves the query's order, after its equality filters: its leading
 * columns are fields the filter fixes, the rest is the order (either way round), fixed fields
 * left out. Most fixed leading columns wins. SQLite's own planner would rather take the primary
 * key for `collection = ?` and sort the whole collection: it cannot know the partial index holds
 * exactly that collection's rows in the order asked (statistics do not change its mind).
 */
export const indexServing = (indexes: readonly NamedIndex[], query: DocumentQuery): string | undefined => {
  const fixed = new Set(
    Object.entries(query.filter ?? {})
      .filter(([, condition]) => condition === null || typeof condition !== "object")
      .map(([path]) => path),
  );
  const order = totalOrder(query.sort).filter(([path]) => !fixed.has(path));
  let best: { name: string; leading: number } | undefined;
  for (const { name, index } of indexes) {
    const columns = totalOrder(index);
    let leading = 0;
    while (leading < columns.length && fixed.has((columns[leading] as SortKey)[0])) leading += 1;
    const rest = columns.slice(leading).filter(([path]) => !fixed.has(path));
    if ((sameKeys(rest, order, false) || sameKeys(rest, order, true)) && leading >= (best?.leading ?? 0))
      best = { name, leading };
  }
  return best?.name;
};

/** `collection` goes in as a literal: the partial indexes of the collection then apply. */
export const selectSql = (
  collection: string,
  query: DocumentQuery,
  indexes: readonly NamedIndex[] = [],
  /** The few rows a substring index found (sqliteSubstringIndex.ts): read those and sort them. */
  candidates?: { sql: string; params: Bound[] },
  fields: FieldSql = fieldSql,
): SqlQuery => {
  if (!Number.isInteger(query.limit) || query.limit < 1)
    throw new Error(`a query's limit must be a positive integer, got ${query.limit}`);
  const params: Bound[] = [...(candidates?.params ?? [])];
  const order = totalOrder(query.sort);
  const where = [
    ...(candidates ? ["documents.rowid = candidates.found"] : []),
    `collection = ${literal(collection)}`,
    ...filterSql(fields, query.filter ?? {}, params),
  ];
  const anyOf = (query.anyOf ?? []).map((filter) => filterSql(fields, filter, params));
  if (anyOf.length > 0)
    where.push(
      `(${anyOf.map((parts) => (parts.length > 0 ? `(${parts.join(" AND ")})` : "1")).join(" OR ")})`,
    );
  if (query.after) {
    checkedKeyset(order, query.after);
    where.push(keysetSql(fields, order, query.after, params));
  }
  params.push(query.limit);
  const serving = candidates ? undefined : indexServing(indexes, query);
  return {
    // The candidates drive (CROSS JOIN keeps them the outer loop): each is read by its rowid.
    sql: `SELECT body FROM ${candidates ? `(${candidates.sql}) AS candidates CROSS JOIN documents` : `documents${serving ? ` INDEXED BY "${serving}"` : ""}`} WHERE ${where.join(" AND ")} ORDER BY ${orderSql(fields, order)} LIMIT ?`,
    params,
  };
};

/** An index's name: a hash of what it covers, so that declaring it again finds it. */
export const indexName = (collection: string, index: IndexDeclaration): string =>
  `documents_index_${createHash("sha256")
    .update(JSON.stringify([collection, index]))
    .digest("hex")
    .slice(0, 24)}`;

/**
 * A partial index over one collection's rows (other collections' rows stay out of it), named by
 * a hash of what it covers so that declaring it again is a no-op.
 */
export const createIndexSql = (
  collection: string,
  index: IndexDeclaration,
  name: string,
  fields: FieldSql = fieldSql,
): string =>
  `CREATE INDEX "${name}" ON documents (${orderSql(fields, totalOrder(index))}) WHERE collection = ${literal(collection)}`;
