import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dayEnd, dayStart, nextDayStart } from "./calendarDays.ts";

// A person in Beijing (UTC+8) picking days: the instants the API gets.

describe("calendar days as the API's instants", () => {
  const before = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = "Asia/Shanghai";
  });
  afterAll(() => {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  });

  it("given an as-of day, then it means the last instant of that day where the person is", () => {
    expect(dayEnd("2026-06-30")).toBe("2026-06-30T15:59:59.999Z");
  });

  it("given a window of days, then it runs from the first day's start to the start of the day after the last", () => {
    expect(dayStart("2026-01-01")).toBe("2025-12-31T16:00:00.000Z");
    expect(nextDayStart("2026-01-31")).toBe("2026-01-31T16:00:00.000Z");
    expect(nextDayStart("2026-12-31")).toBe("2026-12-31T16:00:00.000Z");
  });

  it("given no day, then there is no bound", () => {
    expect([dayStart(""), dayEnd(""), nextDayStart("")]).toEqual([undefined, undefined, undefined]);
  });
});
