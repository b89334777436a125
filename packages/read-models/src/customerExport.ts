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

const defused = (value: unknown): string => {
  if (value === null || value === undefined) return "";
  const text = Array.isArray(value) ? value.join(";") : String(value);
  return /^[=+\-@\t\r]/.test(text) && typeof value === "string" ? `'${text}` : text;
};

export const customersCsv = (summaries: readonly CustomerSummary[]): string =>
  BYTE_ORDER_MARK +
  stringify(
    summaries.map((summary) => EXPORT_COLUMNS.map((column) => defused(summary[column]))),
    { header: true, columns: [...EXPORT_COLUMNS], record_delimiter: "\r\n" },
  );
