import { eventStoreContract } from "@crm/event-store/contract";
import { afterAll, beforeAll, describe } from "vitest";
import { type StandInServer, startStandInServer } from "./testing/standIn/standInServer.ts";
import { storeUnderContract } from "./testing/storeUnderContract.ts";

// The whole event-store contract through the real client against the stand-in server, both ways
// the client appends: BatchAppend (servers since 21.10) and one Append call per append (older).
// It proves the adapter's use of the protocol; the server's own semantics are proven only where
// esdbEventStore.int.spec.ts finds a real server.
for (const batchAppend of [true, false]) {
  describe(`EventStoreDB adapter on the stand-in server (${batchAppend ? "BatchAppend" : "Append"})`, () => {
    let server: StandInServer;
    beforeAll(async () => {
      server = await startStandInServer({ batchAppend });
    });
    afterAll(() => server.stop());

    eventStoreContract(`stand-in, ${batchAppend ? "batch" : "unary"} appends`, () =>
      storeUnderContract(server.connectionString),
    );
  });
}
