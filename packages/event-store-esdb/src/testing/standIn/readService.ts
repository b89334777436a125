// Streams.Read as a server answers it: stream and $all reads in both directions (a read starts at
// its position inclusively), stream-name regex filters, and catch-up subscriptions to $all (which
// start exclusively, confirm first, send checkpoints and "caught up", then push live events).
import { randomUUID } from "node:crypto";
import streamsPb from "@eventstore/db-client/generated/streams_pb.js";
import * as grpc from "@grpc/grpc-js";
import {
  caughtUpResponse,
  checkpointResponse,
  readEventResponse,
  rpcError,
  streamDeletedError,
  streamNameOf,
  streamNotFoundResponse,
} from "./protoMessages.ts";
import type { LoggedEvent, StandInLog } from "./standInLog.ts";

const { ReadReq, ReadResp } = streamsPb;
export type ReadRequest = InstanceType<typeof ReadReq>;
export type ReadCall = grpc.ServerWritableStream<ReadRequest, InstanceType<typeof ReadResp>>;
type ReadOptions = InstanceType<typeof ReadReq.Options>;

export type ReadBehaviour = {
  /** Every Read request received, in order. */
  requests: ReadRequest[];
  /** The next Read calls fail with this status instead. */
  failure?: { code: grpc.status; details: string } | undefined;
  /** Stream reads report unknown positions (2^64-1), as servers before 22.10 do. */
  unknownPositions: boolean;
  /** Live subscriptions, for the server to end as a restart or a slow consumer would. */
  openSubscriptions: Set<ReadCall>;
};

const isBackwards = (options: ReadOptions) =>
  options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;

const streamFilter = (options: ReadOptions) => {
  const regex = options.getFilter()?.getStreamIdentifier()?.getRegex();
  // .NET and JavaScript read the adapter's regexes alike (see streamFilter.unit.spec.ts).
  const matcher = regex === undefined ? undefined : new RegExp(regex);
  return (event: LoggedEvent) => matcher === undefined || matcher.test(event.stream);
};

const readStream = (log: StandInLog, behaviour: ReadBehaviour, call: ReadCall, options: ReadOptions) => {
  const stream = options.getStream();
  const name = streamNameOf(stream?.getStreamIdentifier());
  if (log.isTombstoned(name)) {
    call.emit("error", streamDeletedError(name));
    return;
  }
  let events = log.readStream(name);
  if (events.length === 0) {
    call.write(streamNotFoundResponse(name));
    call.end();
    return;
  }
  if (isBackwards(options)) {
    const from = stream?.hasEnd() ? Number.POSITIVE_INFINITY : Number(stream?.getRevision());
    events = events.filter((event) => event.revision <= from).reverse();
  } else if (stream?.hasRevision()) {
    const from = Number(stream.getRevision());
    events = events.filter((event) => event.revision >= from);
  }
  for (const event of events.slice(0, Number(options.getCount())))
    call.write(readEventResponse(event, { unknownPositions: behaviour.unknownPositions }));
  call.end();
};

const readAll = (log: StandInLog, call: ReadCall, options: ReadOptions) => {
  const all = options.getAll();
  const passes = streamFilter(options);
  if (isBackwards(options)) {
    for (const event of log.events.toReversed().slice(0, Number(options.getCount())))
      call.write(readEventResponse(event));
    call.end();
    return;
  }
  const from = all?.hasPosition() ? BigInt(all.getPosition()?.getCommitPosition() ?? "0") : -1n;
  const page = log.events.filter((event) => event.position >= from && passes(event));
  for (const event of page.slice(0, Number(options.getCount()))) call.write(readEventResponse(event));
  call.end();
};

const subscribeToAll = (log: StandInLog, behaviour: ReadBehaviour, call: ReadCall, options: ReadOptions) => {
  const all = options.getAll();
  const passes = streamFilter(options);
  const from = all?.hasPosition()
    ? BigInt(all.getPosition()?.getCommitPosition() ?? "0")
    : all?.hasEnd()
      ? (log.events.at(-1)?.position ?? -1n)
      : -1n;
  call.write(
    new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID())),
  );
  for (const event of log.events)
    if (event.position > from && passes(event)) call.write(readEventResponse(event));
  // Filtered subscriptions tell where the server's scan has reached, matching or not.
  const last = log.events.at(-1)?.position;
  if (options.hasFilter() && last !== undefined) call.write(checkpointResponse(last));
  call.write(caughtUpResponse());
  const forget = log.onAppended((event) => {
    if (passes(event)) call.write(readEventResponse(event));
  });
  behaviour.openSubscriptions.add(call);
  const close = () => {
    forget();
    behaviour.openSubscriptions.delete(call);
  };
  call.on("cancelled", close);
  call.on("close", close);
  call.on("finish", close);
};

export const readService = (log: StandInLog, behaviour: ReadBehaviour) => (call: ReadCall) => {
  behaviour.requests.push(call.request);
  if (behaviour.failure !== undefined) {
    // A server-streaming call ends with an error status this way in grpc-js.
    call.emit("error", rpcError(behaviour.failure.code, behaviour.failure.details));
    return;
  }
  const options = call.request.getOptions();
  if (!options) call.emit("error", { code: grpc.status.INVALID_ARGUMENT, details: "no options" });
  else if (options.hasStream()) readStream(log, behaviour, call, options);
  else if (options.hasAll() && options.hasSubscription()) subscribeToAll(log, behaviour, call, options);
  else if (options.hasAll()) readAll(log, call, options);
  else call.emit("error", { code: grpc.status.INVALID_ARGUMENT, details: "neither a stream nor $all" });
};
