import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import { CUSTOMER_EVENT_TYPES, CUSTOMER_STREAM_PREFIX, type EventMetadata, provenanceOf } from "@crm/domain";
import type { AuditItem, AuditSelection, AuditSource } from "@crm/read-models";

// Contract section 4's audit trail in the embedded default, read from the SQLite event store's own
// rows: an entry is nothing but an event's stream, revision, type and metadata, all stored there
// already. Copying them into a read model cost a rebuild one row per event with four indexes
// (about half its CPU: docs/benchmarks.md); read here, a rebuild copies nothing, and the trail is
// as current as the store (no wait for a projector) across restarts and rebuilds.
// The read model (auditTrailProjection) stays where the events are elsewhere (the distributed
// setup's MongoDB); both answer alike (auditTrail.int.spec.ts runs the same spec over both).

// Customer streams only, as a range (the index is partial: it holds no reservation or idempotency
// event). '.' follows '-': every name with the prefix, and nothing else, sorts inside the range.
const CUSTOMER_STREAMS = `stream_name >= '${CUSTOMER_STREAM_PREFIX}' AND stream_name < '${CUSTOMER_STREAM_PREFIX.slice(0, -1)}.'`;
const RECORDED_AT = "json_extract(metadata, '$.recordedAt')";
const ACTOR_ID = "json_extract(metadata, '$.actor.id')";
// AUDIT_ORDER: recordedAt newest first, then customerId (the stream name, one prefix before it:
// the same order), then revision newest first.
const ORDER = `${RECORDED_AT} DESC, stream_name, revision DESC`;

// The trail's order alone and after each filter an auditor pages by. A customer's entries are read
// through the store's own (stream_name, revision) index and sorted: a stream is short.
const INDEXES = {
  events_audit_order: ORDER,
  events_audit_by_actor: `${ACTOR_ID}, ${ORDER}`,
  events_audit_by_type: `type, ${ORDER}`,
};

/**
 * The index a page reads through, named (SQLite's planner, without statistics, preferred sorting a
 * range of the store's own index): a page then reads its `limit` rows and no more.
 */
const indexFor = (selection: AuditSelection): string =>
  selection.customerId !== undefined
    ? "events_by_stream"
    : selection.actorId !== undefined
      ? "events_audit_by_actor"
      : selection.type !== undefined
        ? "events_audit_by_type"
        : "events_audit_order";

type AuditRow = { stream_name: string; revision: number; type: string; metadata: string };

// The read model's entry (auditTrailProjection): the same provenance, read from the row alone
// (no payload decoded: the metadata holds both business and recording times).
const toItem = (row: AuditRow): AuditItem => {
  const metadata = JSON.parse(row.metadata) as EventMetadata;
  return {
    customerId: row.stream_name.slice(CUSTOMER_STREAM_PREFIX.length),
    ...provenanceOf({
      revision: row.revision,
      type: row.type as AuditItem["type"],
      occurredAt: metadata.occurredAt,
      recordedAt: metadata.recordedAt,
      metadata,
    }),
    eventId: metadata.eventId,
  };
};

// Only customer event types make entries (as toRecordedCustomerEvent reads a customer stream).
const CUSTOMER_TYPES = `type IN (${CUSTOMER_EVENT_TYPES.map((type) => `'${type}'`).join(", ")})`;

export type EventStoreAuditTrail = AuditSource & { close(): void };

/**
 * The audit trail of the SQLite event store at `path`, on a connection of its own (reads only,
 * beside the store's writer: WAL). Its indexes are made on first open (on a long history, once,
 * a few seconds); every append maintains them from then on.
 */
export const eventStoreAuditTrail = (path: string): EventStoreAuditTrail => {
  const db = new DatabaseSync(path, { timeout: 5_000 });
  try {
    for (const [name, columns] of Object.entries(INDEXES))
      db.exec(`CREATE INDEX IF NOT EXISTS ${name} ON events (${columns}) WHERE ${CUSTOMER_STREAMS}`);
  } catch (error) {
    db.close();
    throw error;
  }
  // Statements by their text: the shapes are few (the filters' combinations, with or without a cursor).
  const statements = new Map<string, StatementSync>();
  const prepared = (sql: string): StatementSync => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  return {
    page: async (selection, after, limit) => {
      const where = [CUSTOMER_STREAMS, CUSTOMER_TYPES];
      const params: SQLInputValue[] = [];
      const term = (sql: string, ...values: SQLInputValue[]) => {
        where.push(sql);
        params.push(...values);
      };
      if (selection.actorId !== undefined) term(`${ACTOR_ID} = ?`, selection.actorId);
      if (selection.customerId !== undefined)
        term("stream_name = ?", `${CUSTOMER_STREAM_PREFIX}${selection.customerId}`);
      if (selection.type !== undefined) term("type = ?", selection.type);
      if (selection.from !== undefined) term(`${RECORDED_AT} >= ?`, selection.from);
      if (selection.to !== undefined) term(`${RECORDED_AT} < ?`, selection.to);
      if (after !== null) {
        const stream = `${CUSTOMER_STREAM_PREFIX}${after.customerId}`;
        // The first term bounds the index range; the second is the exact keyset.
        term(`${RECORDED_AT} <= ?`, after.recordedAt);
        term(
          `(${RECORDED_AT} < ? OR (${RECORDED_AT} = ? AND (stream_name > ? OR (stream_name = ? AND revision < ?))))`,
          after.recordedAt,
          after.recordedAt,
          stream,
          stream,
          after.revision,
        );
      }
      const rows = prepared(
        `SELECT stream_name, revision, type, metadata FROM events INDEXED BY ${indexFor(selection)} WHERE ${where.join(" AND ")} ORDER BY ${ORDER} LIMIT ?`,
      ).all(...params, limit) as AuditRow[];
      return rows.map(toItem);
    },
    close: () => {
      if (db.isOpen) db.close();
    },
  };
};
