import type { LifecycleStage, Stage } from "@crm/domain";
import { normalizeText } from "@crm/domain";
import {
  type DocumentCollection,
  type DocumentFilter,
  type DocumentQuery,
  everyMatch,
  type SortKey,
} from "@crm/read-store";
import { type CustomerSummary, digitsOf } from "./customerSummary.ts";

// Contract section 4, search: q matches name, company, email, phone and tags;
// filters match exactly. Newest customers first, paged by an opaque cursor
// that names the last item seen, so paging stays stable while leads arrive.
// The store does the filtering, ordering and cutting, through the indexes the
// summary projection declares; `q` reads the summary's folded search text.

export type CustomerSelection = {
  q?: string;
  stage?: Stage;
  lifecycle?: LifecycleStage;
  ownerId?: string;
  pool?: boolean;
  tag?: string;
  source?: string;
  region?: string;
};

export const NEWEST_FIRST: readonly SortKey[] = [["queryKeys.createdAtMs", "desc"]];

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
  const filter: Record<string, DocumentFilter[string]> = {};
  for (const [field, value] of Object.entries(exact)) if (value !== undefined) filter[field] = value;
  if (selection.source !== undefined) filter.source = selection.source;
  if (selection.region !== undefined) filter.region = selection.region;
  if (selection.tag !== undefined) filter.tags = { has: selection.tag };
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

/** One page, starting strictly after the cursor's place in the order (even if that customer no longer matches). */
export const searchCustomers = async (
  summaries: DocumentCollection<CustomerSummary>,
  selection: CustomerSelection,
  page: { limit: number; cursor?: Cursor },
): Promise<{ items: CustomerSummary[]; nextCursor: string | null }> => {
  const { cursor } = page;
  // One more than the page: whether it comes back says whether there is a next page.
  const found = await summaries.find({
    ...selectionQuery(selection),
    ...(cursor ? { after: [Date.parse(cursor.createdAt), cursor.customerId] } : {}),
    limit: page.limit + 1,
  });
  const items = found.slice(0, page.limit);
  const last = items.at(-1);
  return { items, nextCursor: found.length > page.limit && last ? encodeCursor(last) : null };
};

/** Every customer of the selection, newest first, read a page at a time (an export of any size). */
export const everyCustomer = (
  summaries: DocumentCollection<CustomerSummary>,
  selection: CustomerSelection,
): AsyncGenerator<CustomerSummary> => everyMatch(summaries, selectionQuery(selection));
