import { useSearchParams } from "react-router";
import { dayEnd, dayStart, nextDayStart } from "../i18n/calendarDays.ts";

// The dashboard's one "as of" date and its window, kept in the page's address (never the
// key), so a link opens the same moment in time. Dates are the person's calendar days:
// "as of 30 June" is the end of that day; the window runs from the start of its first day
// to the end of its last (the API's `to` is exclusive, so it gets the next day's start).

export type DashboardQuery = {
  asOf: string;
  from: string;
  to: string;
  ownerId: string;
  source: string;
  region: string;
  target: string;
};

const FIELDS = ["asOf", "from", "to", "ownerId", "source", "region", "target"] as const;

export const useDashboardQuery = () => {
  const [params, setParams] = useSearchParams();
  const query = Object.fromEntries(FIELDS.map((field) => [field, params.get(field) ?? ""])) as DashboardQuery;
  const update = (changes: Partial<DashboardQuery>) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [field, value] of Object.entries(changes))
          if (value) next.set(field, value);
          else next.delete(field);
        return next;
      },
      { replace: true },
    );
  return { query, update };
};

/** The cut and window as the API takes them (ISO instants); empty ones are left out. */
export const viewParameters = (query: DashboardQuery) => ({
  asOf: dayEnd(query.asOf),
  from: dayStart(query.from),
  to: nextDayStart(query.to),
});

export const viewFilters = (query: DashboardQuery) => ({
  ownerId: query.ownerId || undefined,
  source: query.source || undefined,
  region: query.region || undefined,
});
