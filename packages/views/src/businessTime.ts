import type { BusinessMoment } from "./customerFacts.ts";
import { parseIsoInstant } from "./isoInstant.ts";

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/**
 * Milliseconds of an ISO instant; a string that is no instant is a caller's bug, never a silent NaN.
 * Parsed every time, without a memo: the platform's own form parses faster than a large memo
 * answers (isoInstant.ts), and a replay, whose instants are nearly all new, filled one with
 * millions of strings for the collector to mark.
 */
export const instant = (iso: string): number => {
  const ms = parseIsoInstant(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 instant: ${iso}`);
  return ms;
};

/** The contract's fold order: occurredAt, then revision. */
export const inBusinessOrder = (a: BusinessMoment, b: BusinessMoment): number =>
  instant(a.occurredAt) - instant(b.occurredAt) || a.revision - b.revision;

/**
 * A copy of the entries with one more, in business order (one array made, as a fold makes one per
 * event: the entries given may be a stored document's, held by others). Most entries arrive last,
 * so the scan starts at the end; only a back-dated interaction or a late referral credit walks
 * further back.
 */
export const insertSorted = <T>(entries: readonly T[], entry: T, compare: (a: T, b: T) => number): T[] => {
  let index = entries.length;
  while (index > 0 && compare(entries[index - 1]!, entry) > 0) index -= 1;
  return entries.toSpliced(index, 0, entry);
};

export const insertInBusinessOrder = <T extends BusinessMoment>(entries: readonly T[], entry: T): T[] =>
  insertSorted(entries, entry, inBusinessOrder);

export const isAtOrBefore = (iso: string, ms: number): boolean => instant(iso) <= ms;

/** A half-open business-time range [from, to); null ends are open. */
export type TimeRange = { from: number | null; to: number | null };

export const isWithin = (iso: string, range: TimeRange): boolean => {
  if (range.from === null && range.to === null) return true;
  const ms = instant(iso);
  return (range.from === null || ms >= range.from) && (range.to === null || ms < range.to);
};

/** A window as a key, and back: what views keep per window is keyed by it. */
export const windowKey = ({ from, to }: TimeRange): string => `${from ?? ""}/${to ?? ""}`;
export const windowOfKey = (key: string): TimeRange => {
  const [from = "", to = ""] = key.split("/");
  return { from: from === "" ? null : Number(from), to: to === "" ? null : Number(to) };
};

/** (end - days, end]: "in the N days before" a moment, the moment itself included. */
export const daysBefore = (end: number, days: number) => ({ after: end - days * DAY_MS, upTo: end });

export const isInDaysBefore = (iso: string, period: { after: number; upTo: number }): boolean => {
  const ms = instant(iso);
  return ms > period.after && ms <= period.upTo;
};
