import { instant, type TimeRange } from "./businessTime.ts";
import type { CustomerFacts } from "./customerFacts.ts";

/** Which customers a view covers; each filter matches the customer's current value (contract section 5). */
export type CustomerFilter = { ownerId?: string; source?: string; region?: string };

/**
 * A view's cut. `now` is passed in, never read from a clock, so the views stay pure:
 * asOf defaults to now, and to `to` when `to` is given without asOf (contract section 5).
 */
export type ViewCut = { asOf?: string; now: string };
export type WindowParams = ViewCut & { from?: string; to?: string };

/** What every answer carries beside its fields. */
export type AnsweredCut = { asOf: string; window: { from: string | null; to: string | null } };

export type ResolvedCut = {
  asOf: number;
  window: TimeRange;
  answered: AnsweredCut;
};

/** Answers echo instants in one form (UTC ISO), whatever offset the caller wrote them in. */
const iso = (ms: number): string => new Date(ms).toISOString();

export const resolveCut = (params: WindowParams): ResolvedCut => {
  const from = params.from === undefined ? null : instant(params.from);
  const to = params.to === undefined ? null : instant(params.to);
  const asOf = instant(params.asOf ?? params.to ?? params.now);
  return {
    asOf,
    window: { from, to },
    answered: {
      asOf: iso(asOf),
      window: { from: from === null ? null : iso(from), to: to === null ? null : iso(to) },
    },
  };
};

export const matchesFilter = (facts: CustomerFacts, filter: CustomerFilter): boolean =>
  (filter.ownerId === undefined || facts.ownerId === filter.ownerId) &&
  (filter.source === undefined || facts.source === filter.source) &&
  (filter.region === undefined || facts.region === filter.region);
