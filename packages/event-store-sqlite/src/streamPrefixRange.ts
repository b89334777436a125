// A prefix filter as a range, so SQLite can seek in the (stream_name, …) index instead of testing
// every name: the names starting with p are exactly those with p <= name < upperBound(p).
// SQLite compares TEXT with memcmp over UTF-8, and UTF-8 byte order is code point order,
// so the bound is p with its last code point incremented (carrying past U+10FFFF).

const MAX_CODE_POINT = 0x10ffff;
const SURROGATES_START = 0xd800;
const SURROGATES_END = 0xdfff;

/** The least string greater than every string starting with `prefix`; null when none exists. */
export const prefixUpperBound = (prefix: string): string | null => {
  const codePoints = Array.from(prefix, (char) => char.codePointAt(0)!);
  while (codePoints.length > 0) {
    const last = codePoints.pop()!;
    if (last < MAX_CODE_POINT) {
      // Lone surrogates cannot be encoded as UTF-8; the next encodable code point follows them.
      const next = last + 1 === SURROGATES_START ? SURROGATES_END + 1 : last + 1;
      return String.fromCodePoint(...codePoints, next);
    }
  }
  return null;
};
