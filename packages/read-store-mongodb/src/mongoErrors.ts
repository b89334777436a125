import { ReadStoreUnavailableError } from "@crm/read-store";
import {
  MongoBulkWriteError,
  MongoNetworkError,
  MongoOperationTimeoutError,
  MongoServerError,
  MongoServerSelectionError,
} from "mongodb";

/** The server's code for a unique key already taken. */
export const DUPLICATE_KEY = 11_000;

export const isDuplicateKey = (error: unknown): boolean =>
  (error as { code?: unknown } | null)?.code === DUPLICATE_KEY;

/** A bulk write's failures when there are some and each is a duplicate key; else undefined. */
export const duplicateKeyFailures = (error: unknown) => {
  if (!(error instanceof MongoBulkWriteError)) return undefined;
  const failures = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
  return failures.length > 0 && failures.every(isDuplicateKey) ? failures : undefined;
};

// Server error codes meaning "this node cannot serve you right now" (unreachable, shutting
// down, stepping down, not primary): the driver retries them once; if they still surface,
// the store is down for us, not wrong. Taken from the driver's own retryable set.
const unavailableCodes = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  89, // NetworkTimeout
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  9001, // SocketException
  10058, // LegacyNotPrimary
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

const meansUnavailable = (error: unknown): boolean => {
  // A bulk write wraps whatever broke it, a lost connection included, in its own error.
  if (error instanceof MongoBulkWriteError && error.errorResponse instanceof Error)
    return meansUnavailable(error.errorResponse);
  if (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoOperationTimeoutError
  )
    return true;
  return (
    error instanceof MongoServerError && typeof error.code === "number" && unavailableCodes.has(error.code)
  );
};

/**
 * Runs one store operation, rethrowing "MongoDB cannot be reached" as ReadStoreUnavailableError
 * (a 503 upstream, a wait-and-retry for projectors). Anything else is a bug or bad data and
 * goes up as it is.
 */
export const guarded = async <T>(doing: string, operation: () => Promise<T>): Promise<T> => {
  try {
    return await operation();
  } catch (error) {
    if (meansUnavailable(error))
      throw new ReadStoreUnavailableError(`mongodb read store unavailable while ${doing}`, { cause: error });
    throw error;
  }
};
