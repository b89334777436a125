// A stand-in for the server's Streams.Read, enough to drive the real client through this adapter's
// reads and subscriptions where no EventStoreDB runs. It follows the server where the adapter relies
// on it (a read starts at its position inclusively, a subscription exclusively; stream-name regex
// filters; every event its own commit position) and nothing more: it proves the adapter's plumbing
// through the client, never EventStoreDB's semantics, which only the contract suite on a server does.
import { randomUUID } from "node:crypto";
import sharedPb from "@eventstore/db-client/generated/shared_pb.js";
import streamsGrpc from "@eventstore/db-client/generated/streams_grpc_pb.js";
import streamsPb from "@eventstore/db-client/generated/streams_pb.js";
import * as grpc from "@grpc/grpc-js";

const { ReadReq, ReadResp } = streamsPb;
type ReadRequest = InstanceType<typeof ReadReq>;
type ReadCall = grpc.ServerWritableStream<ReadRequest, InstanceType<typeof ReadResp>>;

export type LoggedEvent = {
  stream: string;
  revision: number;
  position: bigint;
  id: string;
  type: string;
  data: unknown;
};

export type ScriptedServer = {
  connectionString: string;
  /** Every Read request received, in order. */
  requests: ReadRequest[];
  /** Subscription calls still open (not cancelled by the client, not ended by the server). */
  openSubscriptions(): number;
  /** Appends to the log and pushes the event to open subscriptions whose filter passes it. */
  record(stream: string, type?: string, data?: unknown): LoggedEvent;
  /** The next Read calls fail with this gRPC status instead. */
  failReadsWith(code: grpc.status | undefined): void;
  /** Ends every open subscription call from the server's side, as a server shutting down does. */
  endSubscriptions(): void;
  stop(): Promise<void>;
};

const readEvent = (event: LoggedEvent) => {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(new sharedPb.UUID().setString(event.id))
    .setStreamIdentifier(new sharedPb.StreamIdentifier().setStreamName(Buffer.from(event.stream)))
    .setStreamRevision(String(event.revision))
    .setCommitPosition(String(event.position))
    .setPreparePosition(String(event.position))
    .setCustomMetadata(Buffer.from(JSON.stringify({ scripted: true })))
    .setData(Buffer.from(JSON.stringify(event.data)));
  recorded
    .getMetadataMap()
    .set("type", event.type)
    .set("content-type", "application/json")
    .set("created", "0");
  const read = new ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(String(event.position));
  return new ReadResp().setEvent(read);
};

const streamName = (identifier: { getStreamName_asU8(): Uint8Array } | undefined): string =>
  Buffer.from(identifier?.getStreamName_asU8() ?? []).toString("utf8");

export const startScriptedStreamsServer = async (): Promise<ScriptedServer> => {
  const log: LoggedEvent[] = [];
  const requests: ReadRequest[] = [];
  const subscribers = new Set<(event: LoggedEvent) => void>();
  const openCalls = new Set<ReadCall>();
  let failure: grpc.status | undefined;

  const passes = (request: ReadRequest) => {
    const regex = request.getOptions()?.getFilter()?.getStreamIdentifier()?.getRegex();
    // .NET and JavaScript read the adapter's regexes alike (see streamFilter.unit.spec.ts).
    const matcher = regex === undefined ? undefined : new RegExp(regex);
    return (event: LoggedEvent) => matcher === undefined || matcher.test(event.stream);
  };

  const readStream = (call: ReadCall, options: InstanceType<typeof ReadReq.Options>) => {
    const stream = options.getStream();
    const name = streamName(stream?.getStreamIdentifier());
    let events = log.filter((event) => event.stream === name);
    if (events.length === 0) {
      const notFound = new ReadResp.StreamNotFound().setStreamIdentifier(
        new sharedPb.StreamIdentifier().setStreamName(Buffer.from(name)),
      );
      call.write(new ReadResp().setStreamNotFound(notFound));
      call.end();
      return;
    }
    if (options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS) {
      const from = stream?.hasEnd() ? Number.POSITIVE_INFINITY : Number(stream?.getRevision());
      events = events.filter((event) => event.revision <= from).reverse();
    }
    for (const event of events.slice(0, Number(options.getCount()))) call.write(readEvent(event));
    call.end();
  };

  const readAll = (call: ReadCall, options: InstanceType<typeof ReadReq.Options>) => {
    const all = options.getAll();
    const allowed = passes(call.request);
    if (options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS) {
      for (const event of log.toReversed().slice(0, Number(options.getCount()))) call.write(readEvent(event));
      call.end();
      return;
    }
    const from = all?.hasPosition() ? BigInt(all.getPosition()?.getCommitPosition() ?? "0") : -1n;
    if (!options.hasSubscription()) {
      const page = log.filter((event) => event.position >= from && allowed(event));
      for (const event of page.slice(0, Number(options.getCount()))) call.write(readEvent(event));
      call.end();
      return;
    }
    const confirmation = new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID());
    call.write(new ReadResp().setConfirmation(confirmation));
    for (const event of log) if (event.position > from && allowed(event)) call.write(readEvent(event));
    const push = (event: LoggedEvent) => {
      if (allowed(event)) call.write(readEvent(event));
    };
    subscribers.add(push);
    openCalls.add(call);
    const forget = () => {
      subscribers.delete(push);
      openCalls.delete(call);
    };
    call.on("cancelled", forget);
    call.on("close", forget);
  };

  const server = new grpc.Server();
  server.addService(streamsGrpc.StreamsService, {
    read(call: ReadCall) {
      requests.push(call.request);
      if (failure !== undefined) {
        // A server-streaming call ends with an error status this way in grpc-js.
        call.emit("error", { code: failure, details: "scripted failure" });
        return;
      }
      const options = call.request.getOptions();
      if (options?.hasStream()) readStream(call, options);
      else if (options?.hasAll()) readAll(call, options);
      else call.emit("error", { code: grpc.status.INVALID_ARGUMENT, details: "neither a stream nor $all" });
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );

  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    requests,
    openSubscriptions: () => openCalls.size,
    record(stream, type = "SomethingHappened", data = { at: log.length }) {
      const event: LoggedEvent = {
        stream,
        revision: log.filter((logged) => logged.stream === stream).length,
        // Sparse, as the server's are: positions are byte offsets in its log, not counters.
        position: BigInt(log.length + 1) * 137n,
        id: randomUUID(),
        type,
        data,
      };
      log.push(event);
      for (const push of subscribers) push(event);
      return event;
    },
    failReadsWith(code) {
      failure = code;
    },
    endSubscriptions() {
      for (const call of openCalls) call.end();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.forceShutdown();
        resolve();
      }),
  };
};
