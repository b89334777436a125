import { pipeline, Readable } from "node:stream";
import { stringify as stringifyStream } from "csv-stringify";
import { stringify } from "csv-stringify/sync";
import type { CustomerSummary } from "./customerSummary.ts";

// CSV for spreadsheets: UTF-8 with a byte-order mark, so Excel shows Chinese
// names intact, and cells that a spreadsheet would run as a formula are
// defused with a leading apostrophe (CSV injection).

export const EXPORT_COLUMNS = [
  "customerId",
  "name",
  "company",
  "email",
  "phone",
  "source",
  "region",
  "industry",
  "companySize",
  "tags",
  "ownerId",
  "stage",
  "lifecycle",
  "expectedValue",
  "orders",
  "revenue",
  "referrals",
  "openComplaints",
  "revision",
  "createdAt",
] as const;

const BYTE_ORDER_MARK = "\uFEFF";

// Numbers are ours (counts, sums); every other cell holds text a client sent, tags joined
// into one cell included, and is defused the same way.
const defused = (value: unknown): string => {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  const text = Array.isArray(value) ? value.join(";") : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
};

const csvOptions = { header: true, columns: [...EXPORT_COLUMNS], record_delimiter: "\r\n" } as const;

export const customersCsv = (summaries: readonly CustomerSummary[]): string =>
  BYTE_ORDER_MARK +
  stringify(
    summaries.map((summary) => EXPORT_COLUMNS.map((column) => defused(summary[column]))),
    csvOptions,
  );

/**
 * The same CSV as a stream, written as the summaries arrive: memory stays constant whatever the
 * selection's size, and the download starts with the first page.
 */
export const customersCsvStream = (summaries: AsyncIterable<CustomerSummary>): Readable => {
  async function* rows() {
    for await (const summary of summaries) yield EXPORT_COLUMNS.map((column) => defused(summary[column]));
  }
  // A read that fails midway destroys the stream: the client sees a broken download, not a short file.
  return pipeline(Readable.from(rows()), stringifyStream({ ...csvOptions, bom: true }), () => {});
};
