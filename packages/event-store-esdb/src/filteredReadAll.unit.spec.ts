import { EventStoreDBClient } from "@eventstore/db-client";
import { describe, expect, it } from "vitest";
import { filteredReadAllRequest } from "./filteredReadAll.ts";
import { streamNameRegex } from "./streamFilter.ts";

describe("filteredReadAllRequest", () => {
  it("asks for up to maxCount events of $all forwards from a position, filtered on stream names", () => {
    const options = filteredReadAllRequest({
      from: 123_456n,
      streamPrefix: "crm-",
      maxCount: 1000,
    }).toObject().options;

    expect(options).toMatchObject({
      all: { position: { commitPosition: "123456", preparePosition: "123456" } },
      readDirection: 0,
      resolveLinks: false,
      count: "1000",
      filter: {
        streamIdentifier: { regex: streamNameRegex("crm-"), prefixList: [] },
        count: {},
        checkpointintervalmultiplier: 1,
      },
      uuidOption: { string: {} },
    });
    expect(options?.noFilter).toBeUndefined();
    expect(options?.subscription).toBeUndefined();
    expect(options?.stream).toBeUndefined();
  });

  it("starts at the beginning of $all when there is no position, still excluding system streams", () => {
    const options = filteredReadAllRequest({ maxCount: 10 }).toObject().options;

    expect(options?.all).toMatchObject({ start: {} });
    expect(options?.all?.position).toBeUndefined();
    expect(options?.filter?.streamIdentifier?.regex).toBe(streamNameRegex());
  });
});

describe("the client internals the filtered read is built from", () => {
  // A client connects lazily: constructing one touches no network.
  const client = EventStoreDBClient.connectionString("esdb://127.0.0.1:2113?tls=false");

  it("are still there, so a client upgrade that removes them fails here, not in production", () => {
    const internals = client as unknown as Record<string, unknown>;
    expect(typeof internals.GRPCStreamCreator).toBe("function");
    expect(typeof internals.callArguments).toBe("function");
  });
});
