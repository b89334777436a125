// Streams.Append (one call per append, servers before 21.10) and Streams.BatchAppend (one
// long-lived call, answers matched by correlation id, what the client uses when the server lists
// it among its features), with the replies a real server gives for each outcome and fault.
import streamsPb from "@eventstore/db-client/generated/streams_pb.js";
import * as grpc from "@grpc/grpc-js";
import emptyPb from "google-protobuf/google/protobuf/empty_pb.js";
import {
  allStreamPosition,
  atPosition,
  batchStatus,
  rpcError,
  streamDeletedError,
  streamIdentifier,
  streamNameOf,
  wrongExpectedVersionStatus,
} from "./protoMessages.ts";
import type { AppendOutcome, Expectation, ProposedEvent, StandInLog } from "./standInLog.ts";

const { AppendReq, AppendResp, BatchAppendReq, BatchAppendResp } = streamsPb;

/**
 * What the next append meets instead of an ordinary write:
 * - `not_ready`: a node starting up or without a leader ("Server Is Not Ready");
 * - `timeout`: the commit did not finish within the deadline; `written` says whether the events
 *   were stored all the same (a deadline does not undo a write);
 * - `too_large`: the request exceeds the gRPC message size limit (RESOURCE_EXHAUSTED, never clears).
 */
export type AppendFault =
  | { kind: "not_ready" }
  | { kind: "timeout"; written: boolean }
  | { kind: "too_large" };

export type AppendBehaviour = {
  faults: AppendFault[];
  /** Holds each append this long before answering, so a test can act while appends are in flight. */
  delayMs: number;
};

const later = (behaviour: AppendBehaviour, answer: () => void) => {
  if (behaviour.delayMs > 0) setTimeout(answer, behaviour.delayMs);
  else answer();
};

type Proposed = {
  getId(): { getString(): string } | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
};

const toProposedEvent = (message: Proposed): ProposedEvent => ({
  id: message.getId()?.getString() ?? "",
  type: message.getMetadataMap().get("type") ?? "",
  contentType: message.getMetadataMap().get("content-type") ?? "application/json",
  data: message.getData_asU8(),
  metadata: message.getCustomMetadata_asU8(),
});

type ExpectationSource = {
  hasAny(): boolean;
  hasNoStream(): boolean;
  hasStreamExists(): boolean;
};

const expectationOf = (options: ExpectationSource, revision: () => string): Expectation => {
  if (options.hasAny()) return { kind: "any" };
  if (options.hasNoStream()) return { kind: "no_stream" };
  if (options.hasStreamExists()) return { kind: "stream_exists" };
  return { kind: "revision", revision: Number(revision()) };
};

/** Applies the next fault, if any: the outcome to report, or undefined to append normally. */
const faulted = (behaviour: AppendBehaviour, append: () => AppendOutcome): AppendFault | undefined => {
  const fault = behaviour.faults.shift();
  if (fault?.kind === "timeout" && fault.written) append();
  return fault;
};

export const appendService =
  (log: StandInLog, behaviour: AppendBehaviour) =>
  (
    call: grpc.ServerReadableStream<InstanceType<typeof AppendReq>, InstanceType<typeof AppendResp>>,
    callback: grpc.sendUnaryData<InstanceType<typeof AppendResp>>,
  ) => {
    let stream = "";
    let expected: Expectation = { kind: "any" };
    const proposed: ProposedEvent[] = [];
    call.on("data", (request: InstanceType<typeof AppendReq>) => {
      const options = request.getOptions();
      if (options) {
        stream = streamNameOf(options.getStreamIdentifier());
        expected = expectationOf(options, () => options.getRevision());
      }
      const message = request.getProposedMessage();
      if (message) proposed.push(toProposedEvent(message));
    });
    call.on("end", () =>
      later(behaviour, () => {
        const append = () => log.append(stream, expected, proposed);
        const fault = faulted(behaviour, append);
        if (fault?.kind === "not_ready")
          return callback(rpcError(grpc.status.UNAVAILABLE, "Server Is Not Ready"));
        if (fault?.kind === "timeout")
          return callback(rpcError(grpc.status.DEADLINE_EXCEEDED, "Deadline Exceeded"));
        if (fault?.kind === "too_large")
          return callback(
            rpcError(
              grpc.status.RESOURCE_EXHAUSTED,
              "Received message larger than max (4194305 vs. 4194304)",
            ),
          );
        const outcome = append();
        if (outcome.kind === "stream_deleted") return callback(streamDeletedError(stream));
        const response = new AppendResp();
        if (outcome.kind === "written") {
          const success = new AppendResp.Success()
            .setCurrentRevision(String(outcome.revision))
            .setPosition(atPosition(new AppendResp.Position(), outcome.position));
          return callback(null, response.setSuccess(success));
        }
        const wrong = new AppendResp.WrongExpectedVersion();
        if (outcome.current === undefined) wrong.setCurrentNoStream(new emptyPb.Empty());
        else wrong.setCurrentRevision(String(outcome.current));
        if (expected.kind === "revision") wrong.setExpectedRevision(String(expected.revision));
        else if (expected.kind === "no_stream") wrong.setExpectedNoStream(new emptyPb.Empty());
        else if (expected.kind === "stream_exists") wrong.setExpectedStreamExists(new emptyPb.Empty());
        else wrong.setExpectedAny(new emptyPb.Empty());
        return callback(null, response.setWrongExpectedVersion(wrong));
      }),
    );
  };

type BatchCall = grpc.ServerDuplexStream<
  InstanceType<typeof BatchAppendReq>,
  InstanceType<typeof BatchAppendResp>
>;

export const batchAppendService = (log: StandInLog, behaviour: AppendBehaviour) => (call: BatchCall) => {
  // Requests of one append share a correlation id; the first carries the options, the last is final.
  const pending = new Map<string, { stream: string; expected: Expectation; proposed: ProposedEvent[] }>();
  call.on("data", (request: InstanceType<typeof BatchAppendReq>) => {
    const correlation = request.getCorrelationId();
    const key = correlation?.getString() ?? "";
    const options = request.getOptions();
    const entry = pending.get(key) ?? { stream: "", expected: { kind: "any" } as Expectation, proposed: [] };
    if (options) {
      entry.stream = streamNameOf(options.getStreamIdentifier());
      entry.expected = expectationOf(options, () => options.getStreamPosition());
    }
    entry.proposed.push(...request.getProposedMessagesList().map(toProposedEvent));
    pending.set(key, entry);
    if (!request.getIsFinal()) return;
    pending.delete(key);
    later(behaviour, () => answer(entry, correlation));
  });
  call.on("end", () => call.end());

  const answer = (
    entry: { stream: string; expected: Expectation; proposed: ProposedEvent[] },
    correlation: ReturnType<InstanceType<typeof BatchAppendReq>["getCorrelationId"]>,
  ) => {
    const { stream, expected, proposed } = entry;
    const append = () => log.append(stream, expected, proposed);
    const fault = faulted(behaviour, append);
    if (fault?.kind === "too_large") {
      // grpc-js ends the whole call: every append pending on it fails with this status.
      call.emit(
        "error",
        rpcError(grpc.status.RESOURCE_EXHAUSTED, "Received message larger than max (4194305 vs. 4194304)"),
      );
      return;
    }
    const response = new BatchAppendResp()
      .setCorrelationId(correlation)
      .setStreamIdentifier(streamIdentifier(stream));
    if (fault?.kind === "not_ready") {
      call.write(
        response.setError(batchStatus(grpc.status.UNAVAILABLE, "Server Is Not Ready", "empty", stream)),
      );
      return;
    }
    if (fault?.kind === "timeout") {
      call.write(response.setError(batchStatus(grpc.status.DEADLINE_EXCEEDED, "Timeout", "timeout", stream)));
      return;
    }
    const outcome = append();
    if (outcome.kind === "stream_deleted") {
      call.write(
        response.setError(
          batchStatus(grpc.status.FAILED_PRECONDITION, "Stream Deleted", "stream_deleted", stream),
        ),
      );
    } else if (outcome.kind === "wrong_expected_version") {
      call.write(response.setError(wrongExpectedVersionStatus(outcome.current, expected)));
    } else {
      const success = new BatchAppendResp.Success()
        .setCurrentRevision(String(outcome.revision))
        .setPosition(allStreamPosition(outcome.position));
      call.write(response.setSuccess(success));
    }
  };
};
