import { describe, expect, it } from "vitest";
import { verifyHashChain } from "./chainVerification.ts";
import { storedFixture } from "./testing/storedFixture.ts";

// The chain check on stored streams; the same tampering is tested over HTTP on a real file.

const stream = () => storedFixture("interactionLoggedV1.stored.json");

describe("verifying a customer's hash chain", () => {
  it("given a stream as stored, then it is valid", () => {
    expect(verifyHashChain(stream())).toEqual({ valid: true, events: 3 });
    expect(verifyHashChain(storedFixture("interactionLoggedV1WithoutOutcome.stored.json"))).toEqual({
      valid: true,
      events: 3,
    });
  });

  it("given no events, then it is trivially valid", () => {
    expect(verifyHashChain([])).toEqual({ valid: true, events: 0 });
  });

  it("given a changed payload, then it breaks at that revision", () => {
    const events = stream();
    (events[1]?.data as Record<string, unknown>).durationSeconds = 42;

    expect(verifyHashChain(events)).toEqual({ valid: false, events: 3, brokenAt: 1 });
  });

  it("given a changed actor, then it breaks at that revision", () => {
    const events = stream();
    (events[2]?.metadata as Record<string, unknown>).actor = { id: "someone-else", role: "admin" };

    expect(verifyHashChain(events)).toEqual({ valid: false, events: 3, brokenAt: 2 });
  });

  it("given a changed type, then it breaks at that revision", () => {
    const events = stream();
    (events[0] as { type: string }).type = "ReferralCredited";

    expect(verifyHashChain(events)).toEqual({ valid: false, events: 3, brokenAt: 0 });
  });

  it("given two events swapped, then it breaks at the first of them", () => {
    const [lead, first, second] = stream();
    const swapped = [lead, { ...second, revision: 1 }, { ...first, revision: 2 }];

    expect(verifyHashChain(swapped as never)).toEqual({ valid: false, events: 3, brokenAt: 1 });
  });

  it("given a removed event, then it breaks at the revision that is missing", () => {
    const [lead, , last] = stream();

    expect(verifyHashChain([lead, last] as never)).toEqual({ valid: false, events: 2, brokenAt: 1 });
  });

  it("given an edited event whose hash was recomputed, then the next event no longer links to it", () => {
    const events = stream();
    const edited = events[1] as { data: Record<string, unknown>; metadata: Record<string, unknown> };
    edited.data.summary = "rewritten";
    edited.metadata.hash = "f".repeat(64);

    expect(verifyHashChain(events)).toMatchObject({ valid: false, brokenAt: 1 });
  });
});
