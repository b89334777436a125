import {
  AppendOutcomeUnknownError,
  EventStoreUnavailableError,
  type ExpectedRevision,
  StreamDeletedError,
  WrongExpectedRevisionError,
} from "@crm/event-store";
import {
  CancelledError,
  StreamDeletedError as ClientStreamDeletedError,
  type CurrentRevision,
  DeadlineExceededError,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
} from "@eventstore/db-client";

// gRPC status codes (a fixed part of the gRPC spec) that mean "the server cannot serve you now".
// The client converts most of them to its own classes, but not everywhere: a failed connection
// during its capability probe reaches an append as a bare Error carrying the code.
const GRPC_CANCELLED = 1;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_RESOURCE_EXHAUSTED = 8;
const GRPC_ABORTED = 10;
const GRPC_UNAVAILABLE = 14;
const unavailableCodes = new Set([GRPC_CANCELLED, GRPC_DEADLINE_EXCEEDED, GRPC_ABORTED, GRPC_UNAVAILABLE]);

// What the server says when it cannot take a request yet: starting up ("Server Is Not Ready"),
// overloaded ("Server Is Too Busy"), or electing a leader ("No leader info available"). A
// BatchAppend reply carries it with empty details, which client 6.2.1 turns into a bare
// UnknownError("Could not recognize <message>") with no code; reads raise it with status Unknown.
const notServingNow = /not ready|too busy|no leader|leader info|shutting down/i;
// grpc-js reports a message over its size limit as RESOURCE_EXHAUSTED too: that never clears,
// so it must not be retried as if the server were busy.
const sizeLimit = /larger than max|message size|max(imum)? append size/i;

const grpcCode = (error: Error): number | undefined =>
  "code" in error && typeof error.code === "number" ? error.code : undefined;

/** Whether the client's error says the server is unreachable, busy, leaderless or too slow. */
export const isUnavailable = (error: unknown): boolean => {
  if (!(error instanceof Error)) return false;
  if (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof CancelledError ||
    // A leader election is under way: the next try, on the new leader, may succeed.
    error instanceof NotLeaderError
  ) {
    return true;
  }
  const code = grpcCode(error);
  if (code === GRPC_RESOURCE_EXHAUSTED) return !sizeLimit.test(error.message);
  if (code !== undefined && unavailableCodes.has(code)) return true;
  if (
    (error instanceof UnknownError || code === undefined || code === 2) &&
    notServingNow.test(error.message)
  )
    return true;
  // Cluster connection strings (esdb+discover://) fail this way when no node answers gossip.
  return error.message.startsWith("Failed to discover");
};

/** Whether the server may have written what it was asked to before the call ended: a deadline. */
export const isOutcomeUnknown = (error: unknown): boolean =>
  error instanceof DeadlineExceededError ||
  error instanceof TimeoutError ||
  (error instanceof Error && grpcCode(error) === GRPC_DEADLINE_EXCEEDED);

/** Rethrows what the client raised, as the port's errors where it has one. */
export const toEventStoreError = (error: unknown, doing: string, stream?: string): unknown => {
  if (error instanceof ClientStreamDeletedError)
    return new StreamDeletedError(stream ?? error.streamName ?? "(unknown)", { cause: error });
  return isUnavailable(error)
    ? new EventStoreUnavailableError(`EventStoreDB unavailable while ${doing}`, { cause: error })
    : error;
};

/** The stream's revision as our port reports it: -1 when the stream does not exist. */
export const actualRevision = (current: CurrentRevision): number =>
  current === "no_stream" ? -1 : Number(current);

/** What a refused or failed append becomes: our concurrency error, unavailability, or itself. */
export const toAppendError = (error: unknown, stream: string, expected: ExpectedRevision): unknown => {
  if (error instanceof WrongExpectedVersionError)
    return new WrongExpectedRevisionError(stream, expected, actualRevision(error.actualVersion));
  if (isOutcomeUnknown(error))
    return new AppendOutcomeUnknownError(
      `EventStoreDB did not confirm the append to ${stream} in time: it may or may not be stored; retry with the same event ids`,
      { cause: error },
    );
  return toEventStoreError(error, `appending to ${stream}`, stream);
};
