import type { ConsentPurpose, LifecycleStage, Stage } from "@crm/domain";
import { normalizeText } from "@crm/domain";
import {
  type DocumentCollection,
  type DocumentFilter,
  type DocumentQuery,
  everyMatch,
  type FieldValue,
  keysetOf,
  type SortKey,
} from "@crm/read-store";
import { type CustomerSummary, digitsOf } from "./customerSummary.ts";
import { mergedSummaries } from "./mergedSummaries.ts";

// Contract section 4, search: q matches name, company, email, phone and tags;
// filters match exactly. Newest customers first, paged by an opaque cursor
// that names the last item seen, so paging stays stable while leads arrive.
// The store does the filtering, ordering and cutting, through the indexes the
// summary projection declares; `q` reads the summary's folded search text.
// Contract 9.2: a merged duplicate is left out (the store filters it), and its
// figures count for its survivor, added to each page's survivors from their
// duplicates (found by query: as many as were merged, never the collection). The
// filters read the survivor's own summary, so a lifecycle filter sees its own
// lifecycle, not the one its duplicates' orders make (docs/read-queries.md).

export type CustomerSelection = {
  q?: string;
  stage?: Stage;
  lifecycle?: LifecycleStage;
  ownerId?: string;
  pool?: boolean;
  tag?: string;
  source?: string;
  region?: string;
  /** Contract 10.2: only customers whose latest decision for this purpose granted it. */
  consent?: ConsentPurpose;
  // Contract 9.6
  industry?: string;
  companySize?: string;
  /** Created (business time) at or after. */
  createdFrom?: string;
  /** Created before (exclusive, like every window of the API). */
  createdTo?: string;
};

export const NEWEST_FIRST: readonly SortKey[] = [["queryKeys.createdAtMs", "desc"]];
const BY_SURVIVOR: readonly SortKey[] = [["mergedInto", "asc"], ...NEWEST_FIRST];

// A filter no document passes: a q with nothing to look for (only punctuation, say) finds nobody.
const NOBODY: DocumentFilter = { _id: { in: [] } };

/**
 * What `q` asks of the folded search text: its folded form inside one of the fields, or, for a q
 * of three digits or more, those digits inside the phone's digits ("138 0013 8000" finds
 * "+86-138-0013-8000"). Null when q asks nothing.
 */
const textQuery = (q: string | undefined): DocumentFilter[] | null => {
  if (q === undefined || q.trim() === "") return null;
  const needle = normalizeText(q);
  const digits = digitsOf(q);
  const alternatives: DocumentFilter[] = [
    ...(needle ? [{ "queryKeys.text": { contains: needle } }] : []),
    ...(digits.length >= 3 ? [{ "queryKeys.phoneDigits": { contains: digits } }] : []),
  ];
  return alternatives.length > 0 ? alternatives : [NOBODY];
};

/** The selection as a store query, newest customers first. */
export const selectionQuery = (selection: CustomerSelection): Omit<DocumentQuery, "limit"> => {
  const exact = { stage: selection.stage, lifecycle: selection.lifecycle, ownerId: selection.ownerId };
  const filter: Record<string, DocumentFilter[string]> = { mergedInto: null };
  for (const [field, value] of Object.entries(exact)) if (value !== undefined) filter[field] = value;
  if (selection.source !== undefined) filter.source = selection.source;
  if (selection.region !== undefined) filter.region = selection.region;
  if (selection.tag !== undefined) filter.tags = { has: selection.tag };
  if (selection.industry !== undefined) filter.industry = selection.industry;
  // Contract 10.2: the latest decision for the purpose granted it.
  if (selection.consent !== undefined) filter[`consents.${selection.consent}`] = true;
  // A headcount is stored as a number, a band as text: "250" finds either, "0250" only the text.
  if (selection.companySize !== undefined) {
    const size = selection.companySize;
    filter.companySize = { in: String(Number(size)) === size ? [size, Number(size)] : [size] };
  }
  if (selection.createdFrom !== undefined || selection.createdTo !== undefined)
    filter["queryKeys.createdAtMs"] = {
      ...(selection.createdFrom === undefined ? {} : { gte: Date.parse(selection.createdFrom) }),
      ...(selection.createdTo === undefined ? {} : { lt: Date.parse(selection.createdTo) }),
    };
  // The pool is the customers nobody owns; ownerId, when given too, still has the last word.
  if (selection.pool !== undefined && selection.ownerId === undefined)
    filter.ownerId = selection.pool ? null : { ne: null };
  else if (selection.pool === true) return { filter: NOBODY, sort: NEWEST_FIRST };
  const anyOf = textQuery(selection.q);
  return { filter, ...(anyOf ? { anyOf } : {}), sort: NEWEST_FIRST };
};

type Cursor = { createdAt: string; customerId: string };

export const encodeCursor = (summary: CustomerSummary): string =>
  Buffer.from(JSON.stringify({ createdAt: summary.createdAt, customerId: summary.customerId })).toString(
    "base64url",
  );

export const decodeCursor = (cursor: string): Cursor | null => {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Cursor;
    return typeof parsed.createdAt === "string" &&
      !Number.isNaN(Date.parse(parsed.createdAt)) &&
      typeof parsed.customerId === "string"
      ? parsed
      : null;
  } catch {
    return null;
  }
};

/** Each survivor with the figures of the duplicates merged into it, directly or down a chain. */
const withMergedDuplicates = async (
  summaries: DocumentCollection<CustomerSummary>,
  survivors: readonly CustomerSummary[],
): Promise<CustomerSummary[]> => {
  const duplicates: CustomerSummary[] = [];
  const seen = new Set(survivors.map((summary) => summary.customerId));
  let absorbing = [...seen];
  while (absorbing.length > 0) {
    const found: CustomerSummary[] = [];
    // In the order of the index on mergedInto, so the store seeks each id in it.
    const merged = { filter: { mergedInto: { in: absorbing } }, sort: BY_SURVIVOR };
    for await (const duplicate of everyMatch(summaries, merged))
      if (!seen.has(duplicate.customerId)) found.push(duplicate);
    for (const duplicate of found) seen.add(duplicate.customerId);
    duplicates.push(...found);
    absorbing = found.map((duplicate) => duplicate.customerId);
  }
  return duplicates.length === 0 ? [...survivors] : mergedSummaries([...survivors, ...duplicates]);
};

/**
 * Up to `limit` customers strictly after `after` in the order (even if that customer no longer
 * matches), and the keyset of the last one, when more follow.
 */
const pageOf = async (
  summaries: DocumentCollection<CustomerSummary>,
  selection: CustomerSelection,
  limit: number,
  after: FieldValue[] | undefined,
) => {
  const query = selectionQuery(selection);
  // One more than the page: whether it comes back says whether there is a next page.
  const found = await summaries.find({ ...query, ...(after ? { after } : {}), limit: limit + 1 });
  const page = found.slice(0, limit);
  const last = page.at(-1);
  return {
    items: await withMergedDuplicates(summaries, page),
    last: found.length > limit && last ? last : null,
  };
};

export const searchCustomers = async (
  summaries: DocumentCollection<CustomerSummary>,
  selection: CustomerSelection,
  page: { limit: number; cursor?: Cursor },
): Promise<{ items: CustomerSummary[]; nextCursor: string | null }> => {
  const { cursor } = page;
  const answer = await pageOf(
    summaries,
    selection,
    page.limit,
    cursor ? [Date.parse(cursor.createdAt), cursor.customerId] : undefined,
  );
  return { items: answer.items, nextCursor: answer.last ? encodeCursor(answer.last) : null };
};

const EXPORT_PAGE = 500;

/** Every customer of the selection, newest first, read a page at a time (an export of any size). */
export async function* everyCustomer(
  summaries: DocumentCollection<CustomerSummary>,
  selection: CustomerSelection,
): AsyncGenerator<CustomerSummary> {
  let after: FieldValue[] | undefined;
  for (;;) {
    const { items, last } = await pageOf(summaries, selection, EXPORT_PAGE, after);
    yield* items;
    if (last === null) return;
    after = keysetOf(last, NEWEST_FIRST);
  }
}
