import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { customerStreamName } from "@crm/domain";
import { inMemoryEventStore } from "@crm/event-store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withPersonalDataProtection } from "./protectedEventStore.ts";
import { openSqliteKeyStore } from "./sqliteKeyStore.ts";

// Every in-process reader of a recent event gets the fields decrypted once: the same data, frozen
// so no reader can change it under the others; a key destroyed in between is never read past.
describe("recent events decrypted once for every reader", () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), "crm-decrypted-"));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const leadOnFile = async () => {
    const keys = openSqliteKeyStore({ path: join(directory, "keys.sqlite") });
    const protection = withPersonalDataProtection(inMemoryEventStore(), { keys, masterKey: randomBytes(32) });
    const customerId = randomUUID();
    const stream = customerStreamName(customerId);
    await protection.eventStore.append(
      stream,
      [{ eventId: randomUUID(), type: "LeadCreated", data: { customerId, name: "Li Lei" }, metadata: {} }],
      { expectedRevision: "no_stream" },
    );
    return { keys, protection, customerId, stream };
  };

  it("given an event read by two readers, then both get the same decrypted data, which neither can change", async () => {
    const { keys, protection, stream } = await leadOnFile();

    const [first] = await protection.eventStore.readStream(stream);
    const [second] = await protection.eventStore.readStream(stream);

    expect(first?.data).toMatchObject({ name: "Li Lei" });
    expect(second?.data).toBe(first?.data);
    expect(() => {
      (first?.data as { name: string }).name = "someone else";
    }).toThrow(TypeError);
    await keys.close();
  });

  it("given the customer's key destroyed and forgotten after a read, then the next read shows the fields erased", async () => {
    const { keys, protection, customerId, stream } = await leadOnFile();
    await protection.eventStore.readStream(stream);

    await keys.destroy({
      customerId,
      reason: "asked to be forgotten",
      occurredAt: new Date().toISOString(),
      actor: { id: "dpo", role: "admin" },
      correlationId: randomUUID(),
      commandId: randomUUID(),
      reservationStreams: [],
    });
    protection.forget(customerId);

    const [after] = await protection.eventStore.readStream(stream);
    expect(after?.data).toMatchObject({ name: "[erased]" });
    await keys.close();
  });
});
