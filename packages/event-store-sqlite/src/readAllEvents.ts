import type { SQLInputValue, StatementSync } from "node:sqlite";
import { ForeignPositionError, type ReadAllOptions, type RecordedEvent } from "@crm/event-store";
import type { Connection } from "./connection.ts";
import { EVENT_COLUMNS, type EventRowValues, returningValues, toRecordedEvent } from "./recordedEventRow.ts";
import { prefixUpperBound } from "./streamPrefixRange.ts";

export const PAGE_SIZE = 1000;

// Two ways to read a prefix, whose costs the planner cannot weigh from the SQL alone:
// - walking the table from `after`, keeping the matches: every row after `after` is read once;
// - picking each page from the stream index: every index entry under the prefix is read per page.
// The walk wins when little follows `after` (a live subscription) or the prefix is most of the
// log; the index wins when catching up on a small prefix of a big log. Both measures stop at
// this bound, so choosing never costs more than reading one modest page.
export const SMALL_PREFIX_EVENTS = 50_000;

/** How one page is found: the whole log, a prefix through the stream index, or a filtered walk. */
export type PagePlan = "all" | "prefixByIndex" | "prefixByScan";

const MAX_POSITION = 2n ** 63n - 1n;

type PageParams = { after: bigint; low: string; high: string | null; limit: number };

const pageSql = (plan: PagePlan, hasHigh: boolean): string => {
  const range = hasHigh ? "stream_name >= :low AND stream_name < :high" : "stream_name >= :low";
  switch (plan) {
    case "all":
      return `SELECT ${EVENT_COLUMNS} FROM events WHERE position > :after ORDER BY position LIMIT :limit`;
    case "prefixByIndex":
      // The inner query reads only the covering index; just the page's rows are fetched from the table.
      return `SELECT ${EVENT_COLUMNS} FROM events WHERE position IN (
          SELECT position FROM events INDEXED BY events_by_stream
          WHERE ${range} AND position > :after ORDER BY position LIMIT :limit
        ) ORDER BY position`;
    case "prefixByScan":
      return `SELECT ${EVENT_COLUMNS} FROM events NOT INDEXED
        WHERE position > :after AND ${range} ORDER BY position LIMIT :limit`;
  }
};

const NEWEST_SQL = "SELECT max(position) AS newest FROM events";

const countSql = (hasHigh: boolean): string =>
  `SELECT count(*) AS events FROM (SELECT 1 FROM events INDEXED BY events_by_stream
    WHERE stream_name >= :low ${hasHigh ? "AND stream_name < :high" : ""} LIMIT :limit)`;

export type ReadAllEvents = (options?: ReadAllOptions, plan?: PagePlan) => AsyncIterable<RecordedEvent>;

/** readAll: the log in position order, one page of PAGE_SIZE rows in memory at a time. */
export const readAllEventsFrom = (
  connection: Connection,
  /** How rows at the head of the log are decoded: shared with the other readers there (recentlyDecoded). */
  decodeAtHead: (row: EventRowValues) => RecordedEvent = toRecordedEvent,
): ReadAllEvents => {
  // Prepared on first use and kept: a handful of shapes, each parsed once per open store.
  const preparedOnce = (prepare: (sql: string) => StatementSync) => {
    const statements = new Map<string, StatementSync>();
    return (sql: string): StatementSync => {
      let prepared = statements.get(sql);
      if (prepared === undefined) {
        prepared = prepare(sql);
        statements.set(sql, prepared);
      }
      return prepared;
    };
  };
  const statement = preparedOnce((sql) => connection.db.prepare(sql));
  const pageStatement = preparedOnce((sql) => returningValues(connection.db.prepare(sql)));
  // node:sqlite refuses parameters a statement does not name, so each shape gets exactly its own.
  const params = (plan: PagePlan, { after, low, high, limit }: PageParams): Record<string, SQLInputValue> => {
    if (plan === "all") return { after, limit };
    return high === null ? { after, low, limit } : { after, low, high, limit };
  };

  const choosePlan = ({ after, low, high }: PageParams): PagePlan => {
    // Positions are dense (AUTOINCREMENT, and a rolled-back insert returns its number), so the
    // newest position less `after` is how many rows a walk would read.
    const { newest } = statement(NEWEST_SQL).get() as { newest: number | null };
    if (newest === null || BigInt(newest) - after <= SMALL_PREFIX_EVENTS) return "prefixByScan";
    const limit = SMALL_PREFIX_EVENTS;
    const { events } = statement(countSql(high !== null)).get(
      high === null ? { low, limit } : { low, high, limit },
    ) as { events: number };
    return events < SMALL_PREFIX_EVENTS ? "prefixByIndex" : "prefixByScan";
  };

  return async function* readAll(options = {}, forcedPlan) {
    // SQLite positions are signed 64-bit rowids: a larger one was never given out here (and would
    // not even bind), so it is a position of another store.
    if (options.after !== undefined && options.after > MAX_POSITION)
      throw new ForeignPositionError(options.after, "beyond the largest position SQLite can hold");
    const low = options.streamPrefix ?? "";
    const high = low === "" ? null : prefixUpperBound(low);
    const page: PageParams = { after: options.after ?? 0n, low, high, limit: PAGE_SIZE };
    const plan = connection.use("choosing how to read all events", () =>
      low === "" ? "all" : (forcedPlan ?? choosePlan(page)),
    );
    const sql = pageSql(plan, high !== null);
    for (;;) {
      const rows = connection.use(
        "reading all events",
        () => pageStatement(sql).all(params(plan, page)) as unknown as EventRowValues[],
      );
      // A full page is a catch-up: its reader is behind the log, and no other reader is about to
      // read the same rows; the live readers, who do share them, read short pages at the head.
      // Through the shared cache a replay froze and kept every event it read for no one (~2-4 us
      // more per event than decoding it, more than decoding costs).
      const decode = rows.length < PAGE_SIZE ? decodeAtHead : toRecordedEvent;
      for (const row of rows) yield decode(row);
      const last = rows.at(-1);
      if (last === undefined || rows.length < PAGE_SIZE) return;
      page.after = BigInt(last[0]);
    }
  };
};
