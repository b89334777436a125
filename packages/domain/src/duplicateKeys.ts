// Contract section 2, "Duplicate leads": a lead whose key equals an existing customer's key is a
// `409 duplicate`; a near organisation match only shows up in `possibleDuplicates`. The keys must be
// stable, because they are stored and compared across every customer ever created: change a rule here
// and old keys no longer match new ones.

/** Everything that is not content: punctuation, symbols, separators, control and invisible format characters. */
const NOT_CONTENT_CLASS = String.raw`\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}\s`;
const NOT_CONTENT = new RegExp(`[${NOT_CONTENT_CLASS}]+`, "gu");

// NFKC first so that full-width letters and digits become the half-width ones before lower-casing.
const fold = (s: string): string => s.normalize("NFKC").toLowerCase();

/** NFKC, lower case, every whitespace, punctuation and symbol character removed; letters (CJK included) and digits kept. */
export const normalizeText = (s: string): string => fold(s).replace(NOT_CONTENT, "");

// An email keeps its punctuation: `.`, `@`, `+`, `-`, `_` are part of the mailbox's identity, and
// dropping them would merge different people (`a@bc.com` and `ab@c.com` would both become `abccom`)
// into a blocking 409. So of the contract's rule it takes NFKC, lower case and whitespace removal
// (whitespace, invisible characters included, is never part of an address; it comes from pasting).
// Provider tricks (Gmail's ignored dots, `+tag`) are not undone: they are not universal.
const INVISIBLE = /[\p{Z}\p{Cc}\p{Cf}\s]+/gu;
// A Chinese input method in Chinese mode types `。` for `.`; NFKC leaves it alone, but no address has one.
const IDEOGRAPHIC_FULL_STOP = /\u3002/g;

/** NFKC, lower case, whitespace removed, `。` read as `.`; null when nothing is left. */
export const normalizeEmail = (s: string | null | undefined): string | null => {
  if (s == null) return null;
  const email = fold(s).replace(IDEOGRAPHIC_FULL_STOP, ".").replace(INVISIBLE, "");
  return email === "" ? null : email;
};

// Decimal digits of any script are kept as they are rather than dropped, so that a number written in
// other digits can only fail to match, never collapse into a shorter, different number.
const NOT_DIGITS = /\P{Nd}+/gu;
const CHINA_MOBILE_WITH_COUNTRY_CODE_LENGTH = 13;

/**
 * Digits only (after NFKC, so full-width digits count); a leading `0086`, or `86` on a 13-digit
 * number (`+86` and an 11-digit mobile), is dropped. Null when there are no digits.
 */
export const normalizePhone = (s: string | null | undefined): string | null => {
  if (s == null) return null;
  const digits = s.normalize("NFKC").replace(NOT_DIGITS, "");
  if (digits === "") return null;
  // A bare "0086" is kept whole rather than turned into nothing.
  if (digits.startsWith("0086") && digits.length > 4) return digits.slice(4);
  if (digits.startsWith("86") && [...digits].length === CHINA_MOBILE_WITH_COUNTRY_CODE_LENGTH) {
    return digits.slice(2);
  }
  return digits;
};

// Latin suffixes are removed only as whole words. Once the spaces are gone "Taco" and "Ta Co" are the
// same string, so the name is split into words first, and also where Han meets another script
// ("华为Group"), since Chinese writes no spaces.
const LATIN_LEGAL_SUFFIXES: ReadonlySet<string> = new Set([
  "co",
  "ltd",
  "inc",
  "llc",
  "corp",
  "gmbh",
  "company",
  "limited",
  "corporation",
  "incorporated",
  "plc",
  "llp",
  "pte",
  "pty",
  "ag",
  "group",
  "holding",
  "holdings",
]);
// Han suffixes are cut from the end of the last Han run; longest first so that 股份有限公司 is not
// read as 有限公司 with 股份 left behind. 控股 (holding) goes too: 阿里巴巴集团控股有限公司 is 阿里巴巴.
// Traditional forms for Hong Kong and Taiwan companies.
const HAN_LEGAL_SUFFIXES: readonly string[] = [
  "股份有限公司",
  "有限责任公司",
  "有限責任公司",
  "有限公司",
  "股份公司",
  "公司",
  "集团",
  "集團",
  "控股",
];
// A branch (分公司) or head office (总公司) is a different customer than the company itself, and cutting
// 公司 would leave a dangling 分 or 总; such a name keeps its ending and is left to the near match.
const BRANCH_OR_HEAD_OFFICE = /[分总總]公司$/u;
const WORDS = new RegExp(`\\p{Script=Han}+|[^\\p{Script=Han}${NOT_CONTENT_CLASS}]+`, "gu");
// "L.L.C." and "P.L.C." would otherwise split into single letters that match no suffix.
const DOTTED_ABBREVIATION = /(?<![\p{L}\p{N}])\p{Script=Latin}(?:\.\p{Script=Latin})+(?![\p{L}\p{N}])/gu;

const withoutLegalSuffixes = (words: readonly string[]): string[] => {
  const rest = [...words];
  for (;;) {
    const last = rest.at(-1);
    if (last === undefined) return rest;
    if (LATIN_LEGAL_SUFFIXES.has(last)) {
      rest.pop();
      continue;
    }
    if (BRANCH_OR_HEAD_OFFICE.test(last)) return rest;
    const suffix = HAN_LEGAL_SUFFIXES.find((candidate) => last.endsWith(candidate));
    if (suffix === undefined) return rest;
    const stem = last.slice(0, -suffix.length);
    if (stem === "") rest.pop();
    else rest[rest.length - 1] = stem;
  }
};

/**
 * normalizeText without trailing legal suffixes (有限公司, 集团, Co., Ltd., Inc., GmbH, ...), removed
 * repeatedly. A name that is nothing but suffixes keeps its normalised text; null when that is empty.
 */
export const normalizeOrganisation = (s: string | null | undefined): string | null => {
  if (s == null) return null;
  const words = fold(s)
    .replace(DOTTED_ABBREVIATION, (abbreviation) => abbreviation.replaceAll(".", ""))
    .match(WORDS);
  if (words === null) return null;
  const key = withoutLegalSuffixes(words).join("");
  // Never an empty key: "有限公司" as a name must not equal every other all-suffix name's nothing.
  return key === "" ? normalizeText(s) : key;
};

export type DuplicateKeys = {
  email: string | null;
  phone: string | null;
  organisation: string | null;
};

/** The three keys a new lead is checked on; the organisation is the company's, else the person's name. */
export const duplicateKeysOf = (lead: {
  name: string;
  company?: string | null;
  email?: string | null;
  phone?: string | null;
}): DuplicateKeys => ({
  email: normalizeEmail(lead.email),
  phone: normalizePhone(lead.phone),
  organisation: normalizeOrganisation(lead.company) ?? normalizeOrganisation(lead.name),
});

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

// A CJK character carries about a Latin syllable's worth of meaning, so 2 CJK characters (华为) or 3
// characters of any kind (ibm) are the least that says something; shorter keys (3m, 移) appear
// inside far too many names to be worth a warning.
const isSubstantial = (chars: readonly string[]): boolean =>
  chars.length >= 3 || chars.filter((c) => CJK.test(c)).length >= 2;

// reachable[i]: the shorter key's first i characters split into substantial pieces that each occur in
// the longer key. A piece that does not occur cannot grow into one that does, hence the break.
// Every new lead is compared with every organisation on file, so the piece and its CJK count grow
// one character at a time instead of being sliced, joined and re-tested (isSubstantial, inlined).
const isCoveredByPieces = (chars: readonly string[], longer: string): boolean => {
  const cjk = chars.map((c) => CJK.test(c));
  const reachable: boolean[] = [true];
  for (let start = 0; start < chars.length; start++) {
    if (reachable[start] !== true) continue;
    let piece = "";
    let cjkChars = 0;
    for (let end = start + 1; end <= chars.length; end++) {
      piece += chars[end - 1];
      if (cjk[end - 1]) cjkChars += 1;
      if (!longer.includes(piece)) break;
      if (end - start >= 3 || cjkChars >= 2) reachable[end] = true;
    }
  }
  return reachable[chars.length] === true;
};

/**
 * For two normalised organisation keys that differ: true when the shorter one is substantial (at
 * least 2 CJK characters or 3 characters) and either occurs inside the longer one (中国移动 /
 * 中国移动通信) or is made of substantial pieces that each occur in it, in any order (北京移动 /
 * 中国移动北京: 北京 + 移动). The second rule exists because normalising removed the spaces and
 * brackets that separated the words; single characters never count as a piece, so 腾讯 / 讯腾科技 is
 * no match. It is only a warning, so an occasional false hit (中国银行 / 中国建设银行) is accepted.
 */
export const isNearOrganisationMatch = (a: string, b: string): boolean => {
  if (a === b) return false;
  const [shorter, longer] = [...a].length <= [...b].length ? [a, b] : [b, a];
  const chars = [...shorter];
  if (!isSubstantial(chars)) return false;
  return longer.includes(shorter) || isCoveredByPieces(chars, longer);
};
