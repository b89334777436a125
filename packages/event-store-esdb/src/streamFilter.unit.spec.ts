import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allStreamFilter, streamNameRegex } from "./streamFilter.ts";

// JavaScript regexes (without the u flag) read \uXXXX, ^ and (?!...) over UTF-16 code units exactly
// as .NET's do, so they stand in for the server here.
const serverMatches = (prefix: string | undefined, stream: string): boolean =>
  new RegExp(streamNameRegex(prefix)).test(stream);

const nameParts = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.constantFrom("$", ".", "*", "\\", "^", "(", "[", "{", "|", "?", "+", "#", " ", "-", "_", "客户", "📦"),
);
const name = fc.array(nameParts, { maxLength: 4 }).map((parts) => parts.join(""));

describe("streamNameRegex", () => {
  it("matches exactly the non-system streams that start with the prefix", () => {
    fc.assert(
      fc.property(name, name, (prefix, rest) => {
        for (const stream of [`${prefix}${rest}`, rest, `$${prefix}${rest}`]) {
          expect(serverMatches(prefix, stream)).toBe(!stream.startsWith("$") && stream.startsWith(prefix));
        }
      }),
    );
  });

  it("matches every non-system stream when there is no prefix", () => {
    expect(serverMatches(undefined, "crm-customer-1")).toBe(true);
    expect(serverMatches(undefined, "$ce-crm")).toBe(false);
    expect(serverMatches(undefined, "$$crm-customer-1")).toBe(false);
  });

  it("keeps the contract's look-alike names apart", () => {
    const prefix = "contract_0123abcd-";
    expect(serverMatches(prefix, "contract_0123abcd-a")).toBe(true);
    expect(serverMatches(prefix, "contract_0123abcd-")).toBe(true);
    for (const other of [
      "contract_0123abcd",
      "xcontract_0123abcd-a",
      "contract_0123abcd_a",
      "contract_0123abcd.a",
    ]) {
      expect(serverMatches(prefix, other)).toBe(false);
    }
  });

  it("escapes every character but ASCII letters and digits as \\uXXXX, as .NET reads it", () => {
    expect(streamNameRegex("crm-客户.1")).toBe("^(?!\\$)crm\\u002d\\u5ba2\\u6237\\u002e1");
  });
});

describe("allStreamFilter", () => {
  it("filters on stream names by that regex", () => {
    expect(allStreamFilter("crm-")).toMatchObject({ filterOn: "streamName", regex: streamNameRegex("crm-") });
  });
});
