import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { instant } from "./businessTime.ts";
import { parseIsoInstant } from "./isoInstant.ts";

// The views order and cut every entry by these milliseconds: the fast reading must give
// Date.parse's answer for every text, instant or not.

const YEAR_10000 = Date.UTC(10_000, 0, 1);
const YEAR_0 = -62_167_219_200_000;

/** The platform's form with one character replaced: other days, hours, separators, no digits. */
const nearlyPlatformForm = fc
  .tuple(
    fc.integer({ min: YEAR_0, max: YEAR_10000 - 1 }),
    fc.nat({ max: 23 }),
    fc.constantFrom(..."0123456789-:.TZ+ x"),
  )
  .map(([ms, at, character]) => {
    const text = new Date(ms).toISOString();
    return text.slice(0, at) + character + text.slice(at + 1);
  });

describe("parseIsoInstant", () => {
  it("gives Date.parse's milliseconds for the platform's own form, year 0000 to 9999", () => {
    fc.assert(
      fc.property(fc.integer({ min: YEAR_0, max: YEAR_10000 - 1 }), (ms) => {
        expect(parseIsoInstant(new Date(ms).toISOString())).toBe(ms);
      }),
      { numRuns: 5000 },
    );
  });

  it("gives Date.parse's answer, NaN included, for a text one character away from that form", () => {
    fc.assert(
      fc.property(nearlyPlatformForm, (text) => {
        expect(parseIsoInstant(text)).toBe(Date.parse(text));
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    "2024-02-29T12:00:00.000Z",
    "2023-02-29T12:00:00.000Z",
    "1900-02-29T00:00:00.000Z",
    "2000-02-29T00:00:00.000Z",
    "2026-04-31T00:00:00.000Z",
    "2026-12-31T23:59:59.999Z",
    "2026-03-01T24:00:00.000Z",
    "2026-03-01T23:59:60.000Z",
    "2026-13-01T00:00:00.000Z",
    "2026-00-10T00:00:00.000Z",
    "2026-01-00T00:00:00.000Z",
    "0050-06-15T08:00:00.000Z",
    "2026-03-01T09:30:00Z",
    "2026-03-01T09:30:00.5Z",
    "2026-03-01T09:30:00.000+08:00",
    "2026-03-01T09:30:00.000-0500",
    "2026-03-01",
    "not an instant at all!!!",
    "",
  ])("reads %j as Date.parse does", (text) => {
    expect(parseIsoInstant(text)).toBe(Date.parse(text));
  });
});

describe("instant", () => {
  it("refuses a text that is no instant instead of answering NaN", () => {
    expect(() => instant("2026-03-01T23:59:60.000Z")).toThrow(RangeError);
    expect(instant("2026-03-01T09:30:00.000+08:00")).toBe(Date.UTC(2026, 2, 1, 1, 30));
  });
});
