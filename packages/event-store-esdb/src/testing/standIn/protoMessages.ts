// The server's replies, built with the client's own generated protobuf classes, so that what the
// client parses is byte for byte what a server of that protocol would send.

import type codePb from "@eventstore/db-client/generated/code_pb.js";
import sharedPb from "@eventstore/db-client/generated/shared_pb.js";
import statusPb from "@eventstore/db-client/generated/status_pb.js";
import streamsPb from "@eventstore/db-client/generated/streams_pb.js";
import * as grpc from "@grpc/grpc-js";
import anyPb from "google-protobuf/google/protobuf/any_pb.js";
import emptyPb from "google-protobuf/google/protobuf/empty_pb.js";
import type { LoggedEvent } from "./standInLog.ts";

const { ReadResp } = streamsPb;

/** What an older server reports for a position it does not know: ulong.MaxValue. */
export const UNKNOWN_POSITION = 18446744073709551615n;

// .NET ticks (100 ns) since 0001-01-01, as the server stamps "created".
const TICKS_AT_UNIX_EPOCH = 621355968000000000n;
const createdTicks = () => String(BigInt(Date.now()) * 10000n + TICKS_AT_UNIX_EPOCH);

export const streamNameOf = (identifier: { getStreamName_asU8(): Uint8Array } | undefined): string =>
  Buffer.from(identifier?.getStreamName_asU8() ?? []).toString("utf8");

export const streamIdentifier = (name: string) =>
  new sharedPb.StreamIdentifier().setStreamName(Buffer.from(name));

export const readEventResponse = (event: LoggedEvent, { unknownPositions = false } = {}) => {
  const position = String(unknownPositions ? UNKNOWN_POSITION : event.position);
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(new sharedPb.UUID().setString(event.id))
    .setStreamIdentifier(streamIdentifier(event.stream))
    .setStreamRevision(String(event.revision))
    .setCommitPosition(position)
    .setPreparePosition(position)
    .setCustomMetadata(event.metadata)
    .setData(event.data);
  recorded
    .getMetadataMap()
    .set("type", event.type)
    .set("content-type", event.contentType)
    .set("created", createdTicks());
  const read = new ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(position);
  return new ReadResp().setEvent(read);
};

/** A position in $all as every reply carries it: commit and prepare positions are one here. */
export const atPosition = <
  M extends { setCommitPosition(value: string): M; setPreparePosition(value: string): M },
>(
  message: M,
  position: bigint | number,
): M => message.setCommitPosition(String(position)).setPreparePosition(String(position));

export const checkpointResponse = (position: bigint) =>
  new ReadResp().setCheckpoint(atPosition(new ReadResp.Checkpoint(), position));

export const caughtUpResponse = () => new ReadResp().setCaughtUp(new ReadResp.CaughtUp());

export const streamNotFoundResponse = (name: string) =>
  new ReadResp().setStreamNotFound(new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(name)));

/** An RPC failure as the server raises it: a status, and the "exception" trailer the client maps. */
export const rpcError = (code: grpc.status, details: string, exception?: string, streamName?: string) => {
  const metadata = new grpc.Metadata();
  if (exception) metadata.set("exception", exception);
  if (streamName) metadata.set("stream-name", streamName);
  return { code, details, metadata };
};

/** What the server answers for a stream that is tombstoned, to an append, a read or a second tombstone. */
export const streamDeletedError = (stream: string) =>
  rpcError(grpc.status.FAILED_PRECONDITION, `Event stream '${stream}' is deleted.`, "stream-deleted", stream);

const packed = (message: { serializeBinary(): Uint8Array }, typeName: string) => {
  const any = new anyPb.Any();
  any.pack(message.serializeBinary(), typeName);
  return any;
};

/** A google.rpc.Status as a BatchAppend reply carries it, with the details the client unpacks. */
export const batchStatus = (
  code: grpc.status,
  message: string,
  details: "empty" | "timeout" | "stream_deleted",
  stream: string,
) => {
  const detail =
    details === "timeout"
      ? packed(new sharedPb.Timeout(), "event_store.client.Timeout")
      : details === "stream_deleted"
        ? packed(
            new sharedPb.StreamDeleted().setStreamIdentifier(streamIdentifier(stream)),
            "event_store.client.StreamDeleted",
          )
        : packed(new emptyPb.Empty(), "google.protobuf.Empty");
  return new statusPb.Status()
    .setCode(code as number as codePb.Code)
    .setMessage(message)
    .setDetails(detail);
};

export const wrongExpectedVersionStatus = (
  current: number | undefined,
  expected: { kind: string; revision?: number },
) => {
  const wrong = new sharedPb.WrongExpectedVersion();
  if (current === undefined) wrong.setCurrentNoStream(new emptyPb.Empty());
  else wrong.setCurrentStreamRevision(String(current));
  if (expected.kind === "revision") wrong.setExpectedStreamPosition(String(expected.revision));
  else if (expected.kind === "no_stream") wrong.setExpectedNoStream(new emptyPb.Empty());
  else if (expected.kind === "stream_exists") wrong.setExpectedStreamExists(new emptyPb.Empty());
  else wrong.setExpectedAny(new emptyPb.Empty());
  return new statusPb.Status()
    .setCode(grpc.status.FAILED_PRECONDITION as number as codePb.Code)
    .setMessage("WrongExpectedVersion")
    .setDetails(packed(wrong, "event_store.client.WrongExpectedVersion"));
};

export const allStreamPosition = (position: bigint) => atPosition(new sharedPb.AllStreamPosition(), position);
