import { userInfo } from "node:os";
import { DatabaseSync } from "node:sqlite";
import { parseArgs } from "node:util";
import { CUSTOMER_STREAM_PREFIX, customerIdOfStream } from "@crm/domain";
import type { NewEvent } from "@crm/event-store";
import { type EventRow, openSqliteEventStore } from "@crm/event-store-sqlite";
import { platformRunningIn } from "@crm/platform";
import { KEY_FILES, keyFile, openPersonalDataKeys, openReadStore, STORE_FILES, storeFile } from "@crm/stores";
import {
  anchorRecords,
  loadOrCreateSigningKey,
  recordHistoryMigration,
  startHistoryAnchor,
  verifyAnchoredHistory,
  withPersonalDataProtection,
} from "@crm/trust";
import { storeConfigOf } from "../stores.ts";

const USAGE = `crm encrypt-history [--data-dir DIR]
Once, after upgrading a data folder written before personal fields were encrypted: encrypts
every plaintext personal field in place (an erased customer's are shredded), re-chains the
hashes, moves duplicate-key reservations to their keyed names, scrubs the file, and starts the
anchored history over with a new signed checkpoint. The history must verify first; the old
checkpoint and the verdict are kept in the read store (history_migrations). Stop the platform
first. The embedded SQLite store only: EventStoreDB never rewrites an event.`;

const RESERVATION = /^crm-dupkey-[a-z]+-[0-9a-f]+$/;

/** Contract 10.1, old plaintext events: `crm encrypt-history`. */
export const encryptHistory = async (args: string[]): Promise<number> => {
  const { values } = parseArgs({ args, options: { "data-dir": { type: "string" } } });
  const config = storeConfigOf(values["data-dir"]);
  const { dataDir } = config;
  if (process.env.EVENTSTORE_URL) {
    process.stderr.write(
      `${USAGE}\n\nEVENTSTORE_URL is set: EventStoreDB events cannot be rewritten in place.\n`,
    );
    return 2;
  }
  const running = platformRunningIn(dataDir);
  if (running !== null) {
    process.stderr.write(`The platform (pid ${running}) is running on ${dataDir}; stop it first.\n`);
    return 1;
  }
  const signingKey = loadOrCreateSigningKey(keyFile(dataDir, KEY_FILES.signingKey));
  const readStore = await openReadStore(config);
  const records = anchorRecords(readStore);
  const path = storeFile(dataDir, STORE_FILES.events);
  const stored = openSqliteEventStore({ path });
  const personalData = openPersonalDataKeys(config);
  const protection = withPersonalDataProtection(stored, personalData);
  try {
    // Rewriting a tampered history would launder the tampering: it must verify first.
    const before = await verifyAnchoredHistory(
      stored.readAll({ streamPrefix: CUSTOMER_STREAM_PREFIX }),
      await records.checkpoints(),
      signingKey.publicKey,
    );
    if (!before.valid) {
      process.stderr.write(
        `The history does not verify; nothing was changed.\n${JSON.stringify(before, null, 2)}\n`,
      );
      return 1;
    }
    const db = new DatabaseSync(path, { timeout: 5_000 });
    let eventsRewritten = 0;
    let reservationsMoved = 0;
    try {
      db.exec("PRAGMA secure_delete = ON");
      const rows = db.prepare("SELECT * FROM events ORDER BY stream_name, revision").all() as EventRow[];
      const byStream = Map.groupBy(rows, (row) => row.stream_name);
      const update = db.prepare(
        "UPDATE events SET stream_name = ?, revision = ?, data = ?, metadata = ? WHERE position = ?",
      );
      const changes: Array<[string, number, string, string, number]> = [];

      for (const [stream, streamRows] of byStream) {
        const customerId = customerIdOfStream(stream);
        if (customerId === null) continue;
        const events: NewEvent[] = streamRows.map((row) => ({
          eventId: row.event_id,
          type: row.type,
          data: JSON.parse(row.data),
          metadata: JSON.parse(row.metadata),
        }));
        const sealed = await protection.sealForStorage(customerId, events);
        sealed.forEach((event, index) => {
          const row = streamRows[index] as EventRow;
          const data = JSON.stringify(event.data);
          const metadata = JSON.stringify(event.metadata);
          if (data === row.data && metadata === row.metadata) return;
          changes.push([stream, row.revision, data, metadata, row.position]);
          eventsRewritten += 1;
        });
      }
      // Reservations under their keyed names, in the order they were made: a release must stay after its reservation.
      const targets = new Map<string, EventRow[]>();
      for (const [stream, streamRows] of byStream) {
        if (!stream.startsWith("crm-dupkey-")) continue;
        const target = protection.storedStreamName(stream);
        targets.set(target, [...(targets.get(target) ?? []), ...streamRows]);
        if (RESERVATION.test(stream)) reservationsMoved += streamRows.length;
      }
      const moves: Array<[string, number, string, string, number]> = [];
      for (const [target, targetRows] of targets)
        if (targetRows.some((row) => row.stream_name !== target))
          targetRows
            .sort((a, b) => a.position - b.position)
            .forEach((row, revision) => {
              const event = protection.withoutPlainKey({
                eventId: row.event_id,
                type: row.type,
                data: JSON.parse(row.data),
                metadata: {},
              });
              moves.push([target, revision, JSON.stringify(event.data), row.metadata, row.position]);
            });

      db.exec("BEGIN IMMEDIATE");
      try {
        // Out of the way first: (stream, revision) is unique, and moved rows take revisions others hold.
        for (const move of moves)
          db.prepare("UPDATE events SET revision = -1 - revision WHERE position = ?").run(move[4]);
        for (const change of [...changes, ...moves]) update.run(...change);
        db.exec("COMMIT");
      } catch (error) {
        db.exec("ROLLBACK");
        throw error;
      }
      // The plaintext the rows held is zeroed (secure_delete); the log is emptied and the file rebuilt.
      db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
      db.exec("VACUUM");
      db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    } finally {
      db.close();
    }

    const dropped = await records.restart();
    await recordHistoryMigration(readStore, {
      at: new Date().toISOString(),
      what: "encrypt-history",
      by: userInfo().username,
      eventsRewritten,
      reservationsMoved,
      verdictBefore: before,
      lastCheckpointBefore: dropped.at(-1) ?? null,
    });
    const anchor = startHistoryAnchor({ eventStore: stored, readStore, signingKey: signingKey.privateKey });
    await anchor.caughtUp;
    const checkpoint = await anchor.checkpointNow();
    await anchor.stop();
    process.stdout.write(
      `${JSON.stringify({ eventsRewritten, reservationsMoved, checkpoint: checkpoint ? { position: checkpoint.position, events: checkpoint.events } : null }, null, 2)}\n`,
    );
    return 0;
  } finally {
    await stored.close();
    await personalData.keys.close();
    await readStore.close();
  }
};

export { USAGE as ENCRYPT_HISTORY_USAGE };
