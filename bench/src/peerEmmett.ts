import { join } from "node:path";
import {
  CUSTOMER_EVENT_TYPES,
  type CustomerCommand,
  type CustomerEvent,
  type CustomerState,
  customerIdOfStream,
  customerStreamName,
  DomainError,
  decideCustomer,
  evolveCustomer,
  GENESIS_HASH,
  type RecordedCustomerEvent,
} from "@crm/domain";
import { type CustomerSummary, customerSummaryProjection } from "@crm/read-models";
import { commandName } from "@crm/testing";
import { CommandHandler, type Event, projections, type ReadEvent } from "@event-driven-io/emmett";
import { getSQLiteEventStore, type SQLiteConnection, sqliteConnection } from "@event-driven-io/emmett-sqlite";
import { envelope } from "./envelope.ts";
import type { CommandSide } from "./peerWorkload.ts";

// Emmett's side of the shared workload, the way its documentation builds one: a
// CommandHandler (aggregate the stream with evolve, decide, append expecting the
// version read) on emmett-sqlite, and an inline projection keeping the same customer
// summary in the same SQLite file, inside the append's transaction. Decide, evolve,
// the hash chain and the summary's fold are this platform's, so only the stacks differ.

type CrmEvent = Event<string, Record<string, unknown>, Record<string, unknown>>;
type State = { customer: CustomerState; lastHash: string };

const toCustomerEvent = (event: ReadEvent<CrmEvent>): CustomerEvent =>
  ({ type: event.type, data: event.data, occurredAt: event.metadata.occurredAt }) as CustomerEvent;

const toEmmettEvents = (events: CustomerEvent[], command: string, lastHash: string): CrmEvent[] =>
  envelope(events, command, lastHash).events.map((event) => ({
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: event.metadata,
  }));

const initialState = (): State => ({ customer: null, lastHash: GENESIS_HASH });
const evolve = (state: State, event: CrmEvent): State => ({
  customer: evolveCustomer(state.customer, toCustomerEvent(event as ReadEvent<CrmEvent>)),
  lastHash: String((event as ReadEvent<CrmEvent>).metadata.hash),
});

// emmett-sqlite 0.38.5 opens a connection for every read and append and starts
// `PRAGMA journal_mode = WAL` on it without waiting for it. The sqlite3 addon runs
// statements on libuv's four threads, so on a loaded machine that pragma can run late,
// inside the append's transaction: it returns its row and counts as a writing statement
// until the addon finalizes it on the event loop, and a COMMIT stepped in between fails
// with SQLITE_BUSY "cannot commit transaction - SQL statements in progress" (the
// transaction is rolled back, nothing is stored). One libuv thread would order them but
// slows Emmett down, so the command runs again, through the retry Emmett's CommandHandler
// offers; docs/benchmarks.md "Peer: Emmett" has the evidence.
const isCommitRace = (error: unknown) =>
  error instanceof Error &&
  (error as { code?: unknown }).code === "SQLITE_BUSY" &&
  error.message.includes("cannot commit transaction - SQL statements in progress");

const SUMMARIES = "customer_summaries";

const summaryProjection = {
  name: "customer-summary",
  canHandle: [...CUSTOMER_EVENT_TYPES],
  handle: async (events: ReadEvent<CrmEvent>[], { connection }: { connection: SQLiteConnection }) => {
    for (const event of events) {
      const metadata = event.metadata as unknown as RecordedCustomerEvent["metadata"] & {
        streamName: string;
      };
      const customerId = customerIdOfStream(metadata.streamName)!;
      const row = await connection.querySingle<{ body: string }>(
        `SELECT body FROM ${SUMMARIES} WHERE id = ?`,
        [customerId],
      );
      const before = row ? (JSON.parse(row.body) as CustomerSummary) : null;
      // Inline projections see the events before they are stored, without their final
      // stream position; the summary's own revision counts them instead.
      const recorded = {
        ...toCustomerEvent(event),
        customerId,
        revision: (before?.revision ?? -1) + 1,
        recordedAt: metadata.recordedAt,
        metadata,
        position: "0",
      } as RecordedCustomerEvent;
      const after = customerSummaryProjection.apply(before, recorded);
      if (after !== before)
        await connection.command(
          `INSERT INTO ${SUMMARIES} (id, body) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body`,
          [customerId, JSON.stringify(after)],
        );
    }
  },
};

export const emmettSide = async (dir: string) => {
  const fileName = join(dir, "emmett.sqlite");
  const setup = sqliteConnection({ fileName });
  await setup.command(`CREATE TABLE IF NOT EXISTS ${SUMMARIES} (id TEXT PRIMARY KEY, body TEXT NOT NULL)`);
  const store = getSQLiteEventStore({
    fileName,
    projections: projections.inline([summaryProjection as never]),
  });
  let refused = 0;
  let events = 0;
  let retried = 0;
  const handle = CommandHandler<State, CrmEvent>({
    initialState,
    evolve,
    retry: {
      retries: 3,
      minTimeout: 0,
      shouldRetryError: (error) => {
        if (!isCommitRace(error)) return false;
        retried += 1;
        return true;
      },
    },
  });

  const side: CommandSide = {
    create: async (customerId, command) => {
      const result = await handle(store, customerStreamName(customerId), () =>
        toEmmettEvents(decideCustomer(command, null), "createLead", GENESIS_HASH),
      );
      events += result.newEvents.length;
    },
    run: async (customerId, decideOn) => {
      // The workload decides from its seeded random, so a command is decided once: a
      // retry sees the state the rolled-back attempt saw and must send the same command.
      let command: CustomerCommand | undefined;
      try {
        const result = await handle(store, customerStreamName(customerId), (state) => {
          command ??= decideOn(state.customer!);
          return toEmmettEvents(
            decideCustomer(command, state.customer),
            commandName(command),
            state.lastHash,
          );
        });
        events += result.newEvents.length;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        refused += 1;
      }
    },
  };
  return {
    side,
    summaries: () => setup.query<{ body: string }>(`SELECT body FROM ${SUMMARIES}`),
    /** Emmett opens the file with SQLite's defaults: FULL (2) means every commit is synced. */
    synchronous: async () =>
      (await setup.querySingle<{ synchronous: number }>("PRAGMA synchronous"))?.synchronous ?? -1,
    journalMode: async () =>
      (await setup.querySingle<{ journal_mode: string }>("PRAGMA journal_mode"))?.journal_mode ?? "?",
    refused: () => refused,
    events: () => events,
    /** Commands run again after emmett-sqlite's COMMIT race (see isCommitRace). */
    retried: () => retried,
    close: async () => setup.close(),
  };
};
