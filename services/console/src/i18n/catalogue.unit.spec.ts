import { describe, expect, it } from "vitest";
import { en } from "./en.ts";
import { zhCN } from "./zh-CN.ts";

// Both languages say everything: a key in one catalogue only would show a raw key to someone.

const keysOf = (catalogue: object, prefix = ""): string[] =>
  Object.entries(catalogue).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`),
  );

const placeholders = (text: string) => [...text.matchAll(/{{(\w+)}}/g)].map((match) => match[1]).sort();

const valueAt = (catalogue: object, key: string) =>
  key
    .split(".")
    .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], catalogue) as string;

describe("the console's catalogues", () => {
  it("given English and Chinese, then they have the same keys", () => {
    expect(keysOf(zhCN).sort()).toEqual(keysOf(en).sort());
  });

  it("given any string, then both languages fill in the same placeholders", () => {
    for (const key of keysOf(en))
      expect(placeholders(valueAt(zhCN, key)), key).toEqual(placeholders(valueAt(en, key)));
  });

  it("given the Chinese catalogue, then every sentence is written in Chinese (names of languages aside)", () => {
    const han = /\p{Script=Han}/u;
    const notChinese = keysOf(zhCN).filter(
      (key) => !key.startsWith("languages.") && !han.test(valueAt(zhCN, key)),
    );
    expect(notChinese).toEqual([]);
  });
});
