import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteKeyStore } from "./sqliteKeyStore.ts";

// The embedded key store stores the keys asked for in one turn of the event loop in one
// transaction (one fsync): each create still answers with the key that holds, and every key
// answered is in the file.

describe("the SQLite key store", () => {
  let directory: string;
  const path = () => join(directory, "keys.sqlite");
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), "crm-keys-"));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it("given many keys asked for at once, when stored, then each is answered and each is in the file after reopening", async () => {
    const keys = openSqliteKeyStore({ path: path() });
    const asked = Array.from({ length: 50 }, () => ({
      customerId: randomUUID(),
      wrappedKey: randomBytes(60),
    }));

    const answered = await Promise.all(asked.map((key) => keys.create(key.customerId, key.wrappedKey)));
    await keys.close();

    expect(answered).toEqual(asked.map((key) => ({ state: "active", wrappedKey: key.wrappedKey })));
    const reopened = openSqliteKeyStore({ path: path() });
    for (const key of asked)
      expect(await reopened.find(key.customerId)).toEqual({ state: "active", wrappedKey: key.wrappedKey });
    await reopened.close();
  });

  it("given two keys asked for one customer in the same turn, then both creates answer with the first", async () => {
    const keys = openSqliteKeyStore({ path: path() });
    const customerId = randomUUID();
    const [first, second] = [randomBytes(60), randomBytes(60)];

    const answers = await Promise.all([keys.create(customerId, first), keys.create(customerId, second)]);

    expect(answers).toEqual([
      { state: "active", wrappedKey: first },
      { state: "active", wrappedKey: first },
    ]);
    await keys.close();
  });

  it("given a key asked for and the store closed before its turn ends, then the key is stored", async () => {
    const keys = openSqliteKeyStore({ path: path() });
    const customerId = randomUUID();
    const wrappedKey = randomBytes(60);

    const created = keys.create(customerId, wrappedKey);
    await keys.close();

    await expect(created).resolves.toEqual({ state: "active", wrappedKey });
    const reopened = openSqliteKeyStore({ path: path() });
    expect(await reopened.find(customerId)).toEqual({ state: "active", wrappedKey });
    await reopened.close();
  });
});
