import type { ExpectedRevision } from "@crm/event-store";
import { ANY, NO_STREAM, STREAM_EXISTS } from "@eventstore/db-client";
import { describe, expect, it } from "vitest";
import { toEsdbExpectedRevision } from "./expectedRevision.ts";

describe("toEsdbExpectedRevision", () => {
  it.each<{ ours: ExpectedRevision; theirs: unknown }>([
    { ours: "any", theirs: ANY },
    { ours: "no_stream", theirs: NO_STREAM },
    { ours: "stream_exists", theirs: STREAM_EXISTS },
    { ours: -1, theirs: NO_STREAM },
    { ours: 0, theirs: 0n },
    { ours: 41, theirs: 41n },
    { ours: Number.MAX_SAFE_INTEGER, theirs: BigInt(Number.MAX_SAFE_INTEGER) },
  ])("maps $ours to $theirs", ({ ours, theirs }) => {
    expect(toEsdbExpectedRevision(ours)).toBe(theirs);
  });

  it.each([-2, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("refuses %s, which no stream can be at", (bad) => {
    expect(() => toEsdbExpectedRevision(bad)).toThrow(RangeError);
  });
});
