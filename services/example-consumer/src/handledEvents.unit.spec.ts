import { describe, expect, it } from "vitest";
import { handledEventsInMemory } from "./handledEvents.ts";

describe("events handled, by (customerId, revision)", () => {
  it("given revisions handled in order, then those and earlier ones are duplicates, later ones are not", () => {
    const handled = handledEventsInMemory();
    handled.markHandled("a", 0);
    handled.markHandled("a", 1);

    expect([0, 1, 2].map((revision) => handled.isHandled("a", revision))).toEqual([true, true, false]);
  });

  it("given another customer, then its revisions are its own", () => {
    const handled = handledEventsInMemory();
    handled.markHandled("a", 5);

    expect(handled.isHandled("b", 0)).toBe(false);
  });

  it("given a late mark for an older revision, then the highest one still counts", () => {
    const handled = handledEventsInMemory();
    handled.markHandled("a", 3);
    handled.markHandled("a", 1);

    expect(handled.isHandled("a", 3)).toBe(true);
  });
});
