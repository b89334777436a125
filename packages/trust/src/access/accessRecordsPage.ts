import type { AccessRecord, AccessRecordDocument } from "./accessLog.ts";

// GET /audit/access: newest first; `from` inclusive, `to` exclusive, like every window of the
// API. The cursor is the id of the last record served: records made later sort before it, so
// paging on never repeats or skips a record that existed when paging began.

export type AccessQuery = { actorId?: string; from?: string; to?: string; limit: number; cursor?: string };

const CURSOR = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\/[0-9a-f-]{36}$/;

export const isAccessCursor = (cursor: string): boolean => CURSOR.test(cursor);

export const accessRecordsPage = (
  documents: readonly AccessRecordDocument[],
  query: AccessQuery,
): { items: AccessRecord[]; nextCursor: string | null } => {
  const from = query.from === undefined ? undefined : Date.parse(query.from);
  const to = query.to === undefined ? undefined : Date.parse(query.to);
  const selected = documents
    .filter(
      (record) =>
        (query.actorId === undefined || record.actor.id === query.actorId) &&
        (from === undefined || Date.parse(record.at) >= from) &&
        (to === undefined || Date.parse(record.at) < to) &&
        (query.cursor === undefined || record._id < query.cursor),
    )
    .sort((a, b) => (a._id < b._id ? 1 : a._id > b._id ? -1 : 0));
  const page = selected.slice(0, query.limit);
  const more = selected.length > query.limit;
  return {
    items: page.map(({ _id, ...record }) => record),
    nextCursor: more ? (page.at(-1)?._id ?? null) : null,
  };
};
