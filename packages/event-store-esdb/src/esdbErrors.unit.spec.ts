import {
  AppendOutcomeUnknownError,
  EventStoreUnavailableError,
  StreamDeletedError as PortStreamDeletedError,
  WrongExpectedRevisionError,
} from "@crm/event-store";
import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  StreamDeletedError,
  TimeoutError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
} from "@eventstore/db-client";
import { describe, expect, it } from "vitest";
import { actualRevision, isUnavailable, toAppendError, toEventStoreError } from "./esdbErrors.ts";

const withCode = (code: number, message: string): Error => Object.assign(new Error(message), { code });

describe("isUnavailable", () => {
  it.each<[string, unknown]>([
    ["the client's UnavailableError", new UnavailableError()],
    ["a deadline exceeded", new DeadlineExceededError()],
    ["a server timeout", new TimeoutError()],
    ["a call the server cancelled", new CancelledError()],
    // Its constructor reads gRPC metadata; only the class matters here.
    ["a node that is no longer leader", Object.create(NotLeaderError.prototype)],
    [
      "a bare gRPC UNAVAILABLE from the capability probe",
      withCode(14, "14 UNAVAILABLE: No connection established"),
    ],
    ["a bare gRPC DEADLINE_EXCEEDED", withCode(4, "4 DEADLINE_EXCEEDED")],
    ["a bare gRPC RESOURCE_EXHAUSTED", withCode(8, "8 RESOURCE_EXHAUSTED")],
    ["a call cancelled by closing the client", Object.assign(new UnknownError(), { code: 1 })],
    ["a cluster that answers no gossip", new Error("Failed to discover after 10 attempts.")],
    // Client 6.2.1's shape for a BatchAppend refused by a starting node: empty details, no code.
    [
      "a batch append refused while the server starts",
      new UnknownError(undefined, "Could not recognize Server Is Not Ready"),
    ],
    [
      "a batch append refused by a busy server",
      new UnknownError(undefined, "Could not recognize Server Is Too Busy"),
    ],
    ["a read during a leader election", withCode(2, "2 UNKNOWN: No leader info available")],
  ])("is true for %s", (_, error) => {
    expect(isUnavailable(error)).toBe(true);
  });

  it.each<[string, unknown]>([
    [
      "a concurrency conflict",
      new WrongExpectedVersionError(undefined, { streamName: "s", expected: 0n, current: 1n }),
    ],
    ["an access refusal", new AccessDeniedError()],
    ["a deleted stream", StreamDeletedError.fromStreamName("s")],
    ["an unknown server error", Object.assign(new UnknownError(), { code: 2 })],
    ["a programming error", new TypeError("x is undefined")],
    [
      "a message over the gRPC size limit (RESOURCE_EXHAUSTED too, but it never clears)",
      withCode(8, "8 RESOURCE_EXHAUSTED: Received message larger than max (4194305 vs. 4194304)"),
    ],
    ["a non-error", "UNAVAILABLE"],
  ])("is false for %s", (_, error) => {
    expect(isUnavailable(error)).toBe(false);
  });
});

describe("toEventStoreError", () => {
  it("wraps unavailability, keeping the client's error as the cause", () => {
    const cause = new UnavailableError();

    const mapped = toEventStoreError(cause, "reading s");

    expect(mapped).toBeInstanceOf(EventStoreUnavailableError);
    expect(mapped).toMatchObject({ message: "EventStoreDB unavailable while reading s", cause });
  });

  it("passes anything else through untouched", () => {
    const error = new AccessDeniedError();
    expect(toEventStoreError(error, "reading s")).toBe(error);
  });
});

describe("actualRevision", () => {
  it("reports a missing stream as -1 and a revision as a number", () => {
    expect(actualRevision("no_stream")).toBe(-1);
    expect(actualRevision(0n)).toBe(0);
    expect(actualRevision(12n)).toBe(12);
  });
});

describe("toAppendError", () => {
  it.each([
    { current: 4n, expected: 2, actual: 4 },
    { current: "no_stream" as const, expected: "stream_exists" as const, actual: -1 },
    { current: 0n, expected: -1, actual: 0 },
  ])(
    "turns WrongExpectedVersion (current $current) into WrongExpectedRevisionError keeping our expectation $expected",
    ({ current, expected, actual }) => {
      const refused = new WrongExpectedVersionError(undefined, {
        streamName: "crm-customer-1",
        expected: 0n,
        current,
      });

      const mapped = toAppendError(refused, "crm-customer-1", expected);

      expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
      expect(mapped).toMatchObject({ stream: "crm-customer-1", expected, actual });
    },
  );

  it("turns an unreachable server into EventStoreUnavailableError", () => {
    expect(toAppendError(withCode(14, "14 UNAVAILABLE"), "s", "any")).toBeInstanceOf(
      EventStoreUnavailableError,
    );
  });

  it.each<[string, unknown]>([
    ["the server's Timeout reply", new DeadlineExceededError()],
    ["an ABORTED call", new TimeoutError()],
    ["a bare DEADLINE_EXCEEDED", withCode(4, "4 DEADLINE_EXCEEDED: Deadline exceeded")],
  ])("says the outcome of an append that met %s is unknown, not that nothing was written", (_, error) => {
    expect(toAppendError(error, "s", 0)).toBeInstanceOf(AppendOutcomeUnknownError);
  });

  it("turns the client's StreamDeletedError into the port's, naming the stream", () => {
    const mapped = toAppendError(
      StreamDeletedError.fromStreamName("crm-customer-1"),
      "crm-customer-1",
      "any",
    );
    expect(mapped).toBeInstanceOf(PortStreamDeletedError);
    expect(mapped).toMatchObject({ stream: "crm-customer-1" });
  });

  it("passes our own refusal through", () => {
    const ours = new WrongExpectedRevisionError("s", 3, 1);
    expect(toAppendError(ours, "s", 3)).toBe(ours);
  });
});
