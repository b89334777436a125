import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isNearOrganisationMatch, normalizeOrganisation } from "./duplicateKeys.ts";
import { COMMON_BIGRAM, organisationKeyIndex } from "./organisationKeyIndex.ts";

const bruteForce = (keys: ReadonlyMap<string, string>, query: string) =>
  [...keys].filter(([, key]) => key !== query && isNearOrganisationMatch(query, key)).map(([id]) => id);

// Small alphabets so that random keys often share characters and pieces, as real names do.
const key = fc.oneof(
  fc.string({ unit: fc.constantFrom(..."北京中国移动通信上海科技"), minLength: 1, maxLength: 8 }),
  fc.string({ unit: fc.constantFrom(..."acmegrouptech"), minLength: 1, maxLength: 10 }),
);

describe("the organisation key index", () => {
  it("given the contract's example, when a near name is looked up, then it is found", () => {
    const index = organisationKeyIndex();
    index.add("a", normalizeOrganisation("中国移动北京") as string);
    index.add("b", normalizeOrganisation("上海科技有限公司") as string);
    expect(index.nearMatches(normalizeOrganisation("北京移动") as string)).toEqual(["a"]);
  });

  it("given any keys, when a query is looked up, then it finds exactly what comparing with every key finds", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.uuid(), key), { maxLength: 60 }), key, (entries, query) => {
        const index = organisationKeyIndex();
        const keys = new Map<string, string>();
        for (const [id, value] of entries) {
          index.add(id, value);
          keys.set(id, value);
        }
        expect(index.nearMatches(query).sort()).toEqual(bruteForce(keys, query).sort());
      }),
      { numRuns: 500 },
    );
  });

  it("given a customer whose key changes, when looked up, then only the new key matches", () => {
    const index = organisationKeyIndex();
    index.add("a", "中国移动北京");
    index.add("a", "上海科技发展");
    expect(index.nearMatches("北京移动")).toEqual([]);
    expect(index.nearMatches("上海科技")).toEqual(["a"]);
  });

  it("given more organisations than COMMON_BIGRAM sharing 北京 and 科技, when a name is looked up, then a near match through a rare piece is still found, and one through the common words alone is not", () => {
    const index = organisationKeyIndex();
    for (let i = 0; i <= COMMON_BIGRAM; i++) index.add(`filler-${i}`, `北京${i}科技`);
    index.add("rare", "北京华信通科技");

    // 华信通 is rare: the near match is found however common 北京 and 科技 are.
    expect(index.nearMatches("华信通科技")).toEqual(["rare"]);
    // 北京 + 科技 alone is what every filler shares with this query: no way in, no candidates.
    expect(index.nearMatches("科技北京")).toEqual([]);
  });
});
