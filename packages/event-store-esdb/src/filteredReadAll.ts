// @eventstore/db-client 6.x reads $all with no server-side filter (its readAll always sends
// `no_filter`), though the server has filtered $all reads since 20.6: the filtered subscription
// uses them, and the successor client (@kurrent/kurrentdb-client) exposes them, but only through a
// native bridge. This sends the very Read request the client's readAll sends, plus the filter,
// through the client's own connection. It leans on client internals, which is why the package pins
// the client's exact version and filteredReadAll.unit.spec.ts checks they are still there.
import type { AllStreamResolvedEvent, BaseOptions, EventStoreDBClient } from "@eventstore/db-client";
import { ReadStream } from "@eventstore/db-client/dist/streams/utils/ReadStream.js";
import { convertGrpcEvent } from "@eventstore/db-client/dist/utils/convertGrpcEvent.js";
import sharedPb from "@eventstore/db-client/generated/shared_pb.js";
import streamsGrpc from "@eventstore/db-client/generated/streams_grpc_pb.js";
import streamsPb from "@eventstore/db-client/generated/streams_pb.js";
import { streamNameRegex } from "./streamFilter.ts";

const { ReadReq } = streamsPb;
const { StreamsClient } = streamsGrpc;
type StreamsClientInstance = InstanceType<typeof StreamsClient>;
type ReadCall = ReturnType<StreamsClientInstance["read"]>;
type CallArguments =
  Parameters<StreamsClientInstance["read"]> extends [unknown, ...infer Rest] ? Rest : never;

/** The two protected members of the client that its own readAll is built from. */
export type ClientInternals = {
  GRPCStreamCreator(
    Client: typeof StreamsClient,
    debugName: string,
    creator: (client: StreamsClientInstance) => ReadCall,
  ): () => Promise<ReadCall>;
  callArguments(options: BaseOptions, callOptions: { deadline: number }): CallArguments;
};

export type FilteredReadAll = {
  /** Start here, inclusive, as the server reads forwards; from the beginning when absent. */
  from?: bigint | undefined;
  streamPrefix?: string | undefined;
  maxCount: number;
};

/** The Read request for up to `maxCount` events of $all that pass the stream-name filter. */
export const filteredReadAllRequest = ({ from, streamPrefix, maxCount }: FilteredReadAll) => {
  const all = new ReadReq.Options.AllOptions();
  if (from === undefined) {
    all.setStart(new sharedPb.Empty());
  } else {
    // An event's commit and prepare positions are the same since 22.10: one record, one position.
    all.setPosition(
      new ReadReq.Options.Position().setCommitPosition(from.toString()).setPreparePosition(from.toString()),
    );
  }
  const filter = new ReadReq.Options.FilterOptions()
    .setStreamIdentifier(
      new ReadReq.Options.FilterOptions.Expression().setRegex(streamNameRegex(streamPrefix)),
    )
    // The search window defaults to the page size; the server scans on until `maxCount` match or $all ends.
    .setCount(new sharedPb.Empty())
    .setCheckpointintervalmultiplier(1);
  const options = new ReadReq.Options()
    .setAll(all)
    .setReadDirection(ReadReq.Options.ReadDirection.FORWARDS)
    .setResolveLinks(false)
    .setCount(String(maxCount))
    .setFilter(filter)
    // Event ids come back as strings, as the client's other reads ask for them.
    .setUuidOption(new ReadReq.Options.UUIDOption().setString(new sharedPb.Empty()));
  return new ReadReq().setOptions(options);
};

/** Reads one filtered page of $all, whole: pages are small and each is its own short call. */
export const filteredReadAllFrom =
  (client: EventStoreDBClient) =>
  async (read: FilteredReadAll): Promise<AllStreamResolvedEvent[]> => {
    const internals = client as unknown as ClientInternals;
    const request = filteredReadAllRequest(read);
    const createGrpcStream = internals.GRPCStreamCreator(StreamsClient, "readAll", (streams) =>
      // As the client's readAll: no deadline for the streamed read itself; keepalive finds a dead server.
      streams.read(request, ...internals.callArguments({}, { deadline: Number.POSITIVE_INFINITY })),
    );
    const events: AllStreamResolvedEvent[] = [];
    const stream = new ReadStream<AllStreamResolvedEvent>(createGrpcStream, convertGrpcEvent, {});
    for await (const event of stream) events.push(event as AllStreamResolvedEvent);
    return events;
  };
