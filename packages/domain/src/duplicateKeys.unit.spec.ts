import { describe, expect, it } from "vitest";
import {
  duplicateKeysOf,
  isNearOrganisationMatch,
  normalizeEmail,
  normalizeOrganisation,
  normalizePhone,
  normalizeText,
} from "./duplicateKeys.ts";

describe("normalizeText: NFKC, lower case, no whitespace, punctuation or symbols", () => {
  it.each([
    ["  Hello, World! ", "helloworld"],
    ["ＡＢＣ公司", "abc公司"],
    ["１３８号楼", "138号楼"],
    ["北京 字节·跳动（科技）", "北京字节跳动科技"],
    ["\u3000全角　空格\t\n", "全角空格"],
    ["AT&T", "att"],
    ["C++ / C#", "cc"],
    ["a\u200bb\u00adc", "abc"],
    ["Cafe\u0301 Noir", "cafénoir"],
    ["①② Ⅻ", "12xii"],
    ["第3分店 😀 ★", "第3分店"],
    ["", ""],
    ["（）…！", ""],
  ])("%j -> %j", (input, expected) => expect(normalizeText(input)).toBe(expected));
});

describe("normalizeEmail: NFKC, lower case, whitespace removed, punctuation kept", () => {
  it.each([
    ["  Zhang.San@Example.COM ", "zhang.san@example.com"],
    ["ｚｈａｎｇ．ｓａｎ＠ｅｘａｍｐｌｅ．ｃｏｍ", "zhang.san@example.com"],
    ["li.si+crm@qq。com", "li.si+crm@qq.com"],
    ["wang wu@163.com", "wangwu@163.com"],
    ["\u3000zhao_liu-1@Sina.com.cn\u200b", "zhao_liu-1@sina.com.cn"],
    ["", null],
    ["  \u3000 ", null],
    [null, null],
    [undefined, null],
  ])("%j -> %j", (input, expected) => expect(normalizeEmail(input)).toBe(expected));

  it.each([
    ["a@bc.com", "ab@c.com"],
    ["a.b@x.com", "ab@x.com"],
    ["a+b@x.com", "ab@x.com"],
  ])("keeps %j and %j apart", (a, b) => expect(normalizeEmail(a)).not.toBe(normalizeEmail(b)));
});

describe("normalizePhone: digits only, Chinese country code dropped", () => {
  it.each([
    ["13800138000", "13800138000"],
    ["+86 138 0013 8000", "13800138000"],
    ["+86-138-0013-8000", "13800138000"],
    ["(+86) 13800138000", "13800138000"],
    ["0086 138 0013 8000", "13800138000"],
    ["008613800138000", "13800138000"],
    ["86 13800138000", "13800138000"],
    ["8613800138000", "13800138000"],
    ["１３８００１３８０００", "13800138000"],
    ["＋８６ １３８－００１３－８０００", "13800138000"],
    ["138 0013 8000", "13800138000"],
    ["138-0013-8000", "13800138000"],
    ["(138) 0013.8000", "13800138000"],
    ["010-8888 8888", "01088888888"],
    ["(010) 88888888", "01088888888"],
    ["0086 10 8888 8888", "1088888888"],
    // Only a 13-digit number loses a bare 86: a 12-digit one is not a mobile with its country code.
    ["86 10 8888 8888", "861088888888"],
    ["861380013800", "861380013800"],
    ["+1 (415) 555-0100", "14155550100"],
    ["0086", "0086"],
    ["", null],
    ["n/a", null],
    ["  -  ", null],
    [null, null],
    [undefined, null],
  ])("%j -> %j", (input, expected) => expect(normalizePhone(input)).toBe(expected));
});

describe("normalizeOrganisation: normalizeText without legal suffixes", () => {
  it.each([
    ["北京字节跳动科技有限公司", "北京字节跳动科技"],
    ["万科企业股份有限公司", "万科企业"],
    ["某某建材有限责任公司", "某某建材"],
    ["复星集团", "复星"],
    ["中信股份公司", "中信"],
    ["ＡＢＣ公司", "abc"],
    ["ＡＢＣ有限公司", "abc"],
    ["中国移动通信集团有限公司", "中国移动通信"],
    ["阿里巴巴集团控股有限公司", "阿里巴巴"],
    ["中国平安保险(集团)股份有限公司", "中国平安保险"],
    ["腾讯科技（深圳）有限公司", "腾讯科技深圳"],
    ["香港某某集團有限公司", "香港某某"],
    ["某某貿易有限責任公司", "某某貿易"],
    ["华为Group", "华为"],
    ["字节跳动 Ltd.", "字节跳动"],
    ["3M中国有限公司", "3m中国"],
  ])("Chinese %j -> %j", (input, expected) => expect(normalizeOrganisation(input)).toBe(expected));

  it.each([
    ["Acme Co., Ltd.", "acme"],
    ["ACME CO.,LTD", "acme"],
    ["acme co ltd", "acme"],
    ["Acme, Inc.", "acme"],
    ["Acme Incorporated", "acme"],
    ["Acme LLC", "acme"],
    ["Acme, L.L.C.", "acme"],
    ["Acme Corp.", "acme"],
    ["ACME CORPORATION", "acme"],
    ["Siemens GmbH", "siemens"],
    ["The Acme Company", "theacme"],
    ["Tiffany & Co.", "tiffany"],
    ["Acme Holdings Limited", "acme"],
    ["Acme Group Co., Ltd.", "acme"],
    ["Acme Pte. Ltd.", "acme"],
    ["Ａｃｍｅ　Ｉｎｃ．", "acme"],
  ])("Latin %j -> %j", (input, expected) => expect(normalizeOrganisation(input)).toBe(expected));

  it.each([
    ["Taco", "taco"],
    ["Costco", "costco"],
    ["Blinc", "blinc"],
    ["Telco Ltd", "telco"],
    ["Acmeco", "acmeco"],
    ["Co Works", "coworks"],
    ["Group Nine Media", "groupninemedia"],
    ["Acme Inc. Europe", "acmeinceurope"],
  ])("keeps a suffix's letters inside a word or before the end: %j -> %j", (input, expected) =>
    expect(normalizeOrganisation(input)).toBe(expected),
  );

  it.each([
    ["华为技术有限公司北京分公司", "华为技术有限公司北京分公司"],
    ["中国银行总公司", "中国银行总公司"],
  ])("keeps a branch or head office apart: %j -> %j", (input, expected) =>
    expect(normalizeOrganisation(input)).toBe(expected),
  );

  it.each([
    ["有限公司", "有限公司"],
    ["集团", "集团"],
    ["Company Ltd.", "companyltd"],
    ["Co., Ltd.", "coltd"],
  ])("never empties a name made only of suffixes: %j -> %j", (input, expected) =>
    expect(normalizeOrganisation(input)).toBe(expected),
  );

  it.each([[""], ["   "], ["（）"], [null], [undefined]])("%j -> null", (input) =>
    expect(normalizeOrganisation(input)).toBeNull(),
  );
});

describe("duplicateKeysOf", () => {
  it("takes the organisation from the company", () =>
    expect(
      duplicateKeysOf({
        name: "张三",
        company: "北京字节跳动科技有限公司",
        email: " ZS@Bytedance.com ",
        phone: "+86 138 0013 8000",
      }),
    ).toEqual({ email: "zs@bytedance.com", phone: "13800138000", organisation: "北京字节跳动科技" }));

  it.each([[undefined], [null], [""], ["  "]])("falls back to the name when the company is %j", (company) =>
    expect(duplicateKeysOf({ name: "Acme Co., Ltd.", company })).toEqual({
      email: null,
      phone: null,
      organisation: "acme",
    }),
  );

  it("gives two spellings of the same customer the same keys", () =>
    expect(
      duplicateKeysOf({
        name: "Li Si",
        company: "ＡＣＭＥ　ＣＯ．，ＬＴＤ．",
        email: "ＬＩ．ＳＩ＠ＡＣＭＥ．ＣＯＭ",
        phone: "００８６ １３８ ００１３ ８０００",
      }),
    ).toEqual(
      duplicateKeysOf({ name: "李四", company: "Acme Ltd", email: "li.si@acme.com", phone: "13800138000" }),
    ));
});

describe("isNearOrganisationMatch", () => {
  it.each([
    ["北京移动", "中国移动北京"],
    ["中国移动", "中国移动通信"],
    ["华为", "华为技术"],
    ["移动北京", "北京移动"],
    ["华为技术", "华为技术有限公司北京分公司"],
    ["acme", "acmewidgets"],
    ["acmewidgets", "widgetsacme"],
    ["ibm", "ibmchina"],
  ])("%j ~ %j", (a, b) => {
    expect(isNearOrganisationMatch(a, b)).toBe(true);
    expect(isNearOrganisationMatch(b, a)).toBe(true);
  });

  it.each([
    ["acme", "acme"],
    ["中国移动", "中国联通"],
    ["北京移动", "上海移动"],
    ["北京移动", "北京联通"],
    ["字节跳动", "阿里巴巴"],
    ["acme", "apex"],
    ["腾讯", "讯腾科技"],
    ["北京移动", "北移京动"],
    ["ab", "abc"],
    ["3m", "3mchina"],
    ["移", "中国移动"],
    ["", "acme"],
  ])("%j !~ %j", (a, b) => {
    expect(isNearOrganisationMatch(a, b)).toBe(false);
    expect(isNearOrganisationMatch(b, a)).toBe(false);
  });

  it("flags the contract's example from the names as typed", () => {
    const a = normalizeOrganisation("北京移动有限公司");
    const b = normalizeOrganisation("中国移动（北京）有限公司");
    expect([a, b]).toEqual(["北京移动", "中国移动北京"]);
    expect(isNearOrganisationMatch(a ?? "", b ?? "")).toBe(true);
  });
});
