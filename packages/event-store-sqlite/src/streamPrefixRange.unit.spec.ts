import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { prefixUpperBound } from "./streamPrefixRange.ts";

// SQLite's BINARY collation: memcmp over the UTF-8 bytes.
const sqliteCompare = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

const inPrefixRange = (name: string, prefix: string): boolean => {
  const high = prefixUpperBound(prefix);
  return sqliteCompare(name, prefix) >= 0 && (high === null || sqliteCompare(name, high) < 0);
};

describe("prefixUpperBound", () => {
  it.each([
    ["crm-customer-", "crm-customer."],
    ["a", "b"],
    ["客户", "客\u6238"],
    ["a\u{10FFFF}", "b"],
    ["a\u{10FFFF}\u{10FFFF}", "b"],
    ["\uD7FF", "\uE000"],
    ["x😀", "x😁"],
  ])("bounds %j by %j", (prefix, bound) => {
    expect(prefixUpperBound(prefix)).toBe(bound);
  });

  it("has no bound when every string above the prefix starts with it", () => {
    expect(prefixUpperBound("\u{10FFFF}")).toBeNull();
    expect(prefixUpperBound("")).toBeNull();
  });

  it("puts exactly the names starting with the prefix in [prefix, bound) under SQLite's ordering", () => {
    const text = fc.string({
      unit: fc.constantFrom("a", "b", "-", ".", "客", "\u{10FFFF}", "😀", "\uD7FF", "\uE000"),
    });
    fc.assert(
      fc.property(text, text, (prefix, rest) => {
        expect(inPrefixRange(prefix + rest, prefix)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(text, text, (prefix, name) => {
        expect(inPrefixRange(name, prefix)).toBe(name.startsWith(prefix));
      }),
      { numRuns: 2_000 },
    );
  });
});
