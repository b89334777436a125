import type { ConsentPurpose, LifecycleStage, Stage } from "@crm/domain";
import { normalizeText } from "@crm/domain";
import type { CustomerSummary } from "./customerSummary.ts";
import { mergedSummaries } from "./mergedSummaries.ts";

// Contract section 4, search: q matches name, company, email, phone and tags;
// filters match exactly. Newest customers first, paged by an opaque cursor
// that names the last item seen, so paging stays stable while leads arrive.

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

/** Contract 9.6 filters: exact industry and size (a headcount matches its digits), creation window. */
const matchesProfileFilters = (summary: CustomerSummary, selection: CustomerSelection): boolean =>
  (selection.industry === undefined || summary.industry === selection.industry) &&
  (selection.companySize === undefined ||
    (summary.companySize != null && String(summary.companySize) === selection.companySize)) &&
  (selection.createdFrom === undefined ||
    Date.parse(summary.createdAt) >= Date.parse(selection.createdFrom)) &&
  (selection.createdTo === undefined || Date.parse(summary.createdAt) < Date.parse(selection.createdTo));

const digitsOf = (text: string) => text.normalize("NFKC").replace(/\D/g, "");

const matchesQuery = (summary: CustomerSummary, q: string): boolean => {
  const needle = normalizeText(q);
  const haystack = [summary.name, summary.company, summary.email, summary.phone, ...summary.tags];
  if (needle && haystack.some((field) => field && normalizeText(field).includes(needle))) return true;
  // "138 0013 8000" finds "+86-138-0013-8000": phones compare by digits.
  const digits = digitsOf(q);
  return digits.length >= 3 && summary.phone !== null && digitsOf(summary.phone).includes(digits);
};

export const matchesSelection = (summary: CustomerSummary, selection: CustomerSelection): boolean =>
  (selection.stage === undefined || summary.stage === selection.stage) &&
  (selection.lifecycle === undefined || summary.lifecycle === selection.lifecycle) &&
  (selection.ownerId === undefined || summary.ownerId === selection.ownerId) &&
  (selection.pool === undefined || (summary.ownerId === null) === selection.pool) &&
  (selection.tag === undefined || summary.tags.includes(selection.tag)) &&
  (selection.source === undefined || summary.source === selection.source) &&
  (selection.region === undefined || summary.region === selection.region) &&
  (selection.consent === undefined || summary.consents?.[selection.consent] === true) &&
  matchesProfileFilters(summary, selection) &&
  (selection.q === undefined || selection.q.trim() === "" || matchesQuery(summary, selection.q));

type Cursor = { createdAt: string; customerId: string };

/**
 * Newest first; ties by id, so the order is total and a cursor is unambiguous. The cursor's own
 * customer compares equal (0): the next page starts strictly after it, never with it again.
 */
const newestFirst = (a: Cursor, b: Cursor) =>
  Date.parse(b.createdAt) - Date.parse(a.createdAt) ||
  (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0);

export const encodeCursor = (summary: CustomerSummary): string =>
  Buffer.from(JSON.stringify({ createdAt: summary.createdAt, customerId: summary.customerId })).toString(
    "base64url",
  );

export const decodeCursor = (cursor: string): Cursor | null => {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Cursor;
    return typeof parsed.createdAt === "string" && typeof parsed.customerId === "string" ? parsed : null;
  } catch {
    return null;
  }
};

export const selectCustomers = (summaries: readonly CustomerSummary[], selection: CustomerSelection) =>
  mergedSummaries(summaries)
    .filter((summary) => matchesSelection(summary, selection))
    .sort(newestFirst);

export const pageOfCustomers = (
  summaries: readonly CustomerSummary[],
  selection: CustomerSelection,
  page: { limit: number; cursor?: Cursor },
) => {
  const selected = selectCustomers(summaries, selection);
  const { cursor } = page;
  // The page starts after the cursor's position in the order, even if that customer no longer matches.
  const start = cursor ? selected.findIndex((summary) => newestFirst(summary, cursor) > 0) : 0;
  const items = start === -1 ? [] : selected.slice(start, start + page.limit);
  const last = items.at(-1);
  const more = start !== -1 && start + page.limit < selected.length;
  return { items, nextCursor: more && last ? encodeCursor(last) : null };
};
