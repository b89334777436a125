import { join } from "node:path";
import {
  CUSTOMER_EVENT_TYPES,
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

const handle = CommandHandler<State, CrmEvent>({
  initialState: () => ({ customer: null, lastHash: GENESIS_HASH }),
  evolve: (state, event) => ({
    customer: evolveCustomer(state.customer, toCustomerEvent(event as ReadEvent<CrmEvent>)),
    lastHash: String((event as ReadEvent<CrmEvent>).metadata.hash),
  }),
});

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

  const side: CommandSide = {
    create: async (customerId, command) => {
      const result = await handle(store, customerStreamName(customerId), () =>
        toEmmettEvents(decideCustomer(command, null), "createLead", GENESIS_HASH),
      );
      events += result.newEvents.length;
    },
    run: async (customerId, decideOn) => {
      try {
        const result = await handle(store, customerStreamName(customerId), (state) => {
          const command = decideOn(state.customer!);
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
    close: async () => setup.close(),
  };
};
