import { DatabaseSync } from "node:sqlite";
import { STORE_FILES, storeFile } from "@crm/stores";
import { expect } from "vitest";

// For specs of tampering (contract 3, 4, 10.4): the event store's SQLite file opened behind the
// running platform's back, a second connection to the live file as an intruder's would be
// (WAL lets both in).

export const openEventsFile = (dataDir: string) => {
  const file = new DatabaseSync(storeFile(dataDir, STORE_FILES.events), { timeout: 5_000 });
  return {
    /** Runs a change on the file; it must touch a row, or the case would verify an untouched store. */
    tamper: (sql: string, params: Record<string, string | number> = {}) =>
      expect(file.prepare(sql).run(params).changes).toBeGreaterThan(0),
    row: (sql: string, ...params: string[]) => file.prepare(sql).get(...params),
    close: () => file.close(),
  };
};
