import {
  EventStoreUnavailableError,
  type ExpectedRevision,
  WrongExpectedRevisionError,
} from "@crm/event-store";
import {
  CancelledError,
  type CurrentRevision,
  DeadlineExceededError,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
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
const unavailableCodes = new Set([
  GRPC_CANCELLED,
  GRPC_DEADLINE_EXCEEDED,
  GRPC_RESOURCE_EXHAUSTED,
  GRPC_ABORTED,
  GRPC_UNAVAILABLE,
]);

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
  if (code !== undefined && unavailableCodes.has(code)) return true;
  // Cluster connection strings (esdb+discover://) fail this way when no node answers gossip.
  return error.message.startsWith("Failed to discover");
};

/** Rethrows what the client raised, as EventStoreUnavailableError when the server cannot serve. */
export const toEventStoreError = (error: unknown, doing: string): unknown =>
  isUnavailable(error)
    ? new EventStoreUnavailableError(`EventStoreDB unavailable while ${doing}`, { cause: error })
    : error;

/** The stream's revision as our port reports it: -1 when the stream does not exist. */
export const actualRevision = (current: CurrentRevision): number =>
  current === "no_stream" ? -1 : Number(current);

/** What a refused or failed append becomes: our concurrency error, unavailability, or itself. */
export const toAppendError = (error: unknown, stream: string, expected: ExpectedRevision): unknown =>
  error instanceof WrongExpectedVersionError
    ? new WrongExpectedRevisionError(stream, expected, actualRevision(error.actualVersion))
    : toEventStoreError(error, `appending to ${stream}`);
