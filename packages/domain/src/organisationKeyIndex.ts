import { isNearOrganisationMatch } from "./duplicateKeys.ts";

// Near matches (北京移动 / 中国移动北京) cannot be found by key lookup. A near match needs the
// shorter key to be made of pieces of at least two characters that occur in the longer one, so the
// two keys always share a bigram (two consecutive characters): the index keeps, for every bigram,
// the customers whose key contains it, and only customers sharing a bigram with the query reach
// the full rule.
//
// Chinese company names share their common words (科技, 北京, 有限...), and a lookup through a
// bigram that thousands of organisations contain costs as much as comparing with every one, while
// it is no evidence of a duplicate. So a bigram found in more than COMMON_BIGRAM organisations is
// never a way in on its own, and the rarest bigrams are used first until CANDIDATE_LIMIT customers
// are gathered: a lookup costs the same at 10,000 and at 100,000 customers. Below those numbers
// (every store up to COMMON_BIGRAM organisations) it finds exactly what comparing with every key
// finds; above them, a near match that shares only common words with the query is not reported.
// It is advisory (possibleDuplicates, never a refusal), so that is the trade (docs/decisions.md).
export const COMMON_BIGRAM = 500;
export const CANDIDATE_LIMIT = 2_000;

type Entry = { key: string; chars: ReadonlySet<string> };

const bigramsOf = (key: string): Set<string> => {
  const chars = [...key];
  const grams = new Set<string>();
  for (let index = 0; index + 1 < chars.length; index++) grams.add(`${chars[index]}${chars[index + 1]}`);
  return grams;
};

const covers = (outer: ReadonlySet<string>, inner: ReadonlySet<string>) => {
  for (const char of inner) if (!outer.has(char)) return false;
  return true;
};

export const organisationKeyIndex = () => {
  const entries = new Map<string, Entry>();
  const byBigram = new Map<string, Set<string>>();

  const remove = (customerId: string, entry: Entry) => {
    for (const gram of bigramsOf(entry.key)) byBigram.get(gram)?.delete(customerId);
  };

  /** Customers sharing a bigram with the query, through its rarest bigrams first, bounded. */
  const candidatesFor = (query: string): Set<string> => {
    const postings = [...bigramsOf(query)]
      .map((gram) => byBigram.get(gram))
      .filter((ids): ids is Set<string> => ids !== undefined && ids.size > 0 && ids.size <= COMMON_BIGRAM)
      .sort((a, b) => a.size - b.size);
    const candidates = new Set<string>();
    for (const ids of postings) {
      if (candidates.size + ids.size > CANDIDATE_LIMIT) break;
      for (const id of ids) candidates.add(id);
    }
    return candidates;
  };

  return {
    add(customerId: string, key: string): void {
      const previous = entries.get(customerId);
      if (previous?.key === key) return;
      if (previous) remove(customerId, previous);
      entries.set(customerId, { key, chars: new Set(key) });
      for (const gram of bigramsOf(key)) {
        const ids = byBigram.get(gram);
        if (ids) ids.add(customerId);
        else byBigram.set(gram, new Set([customerId]));
      }
    },

    /** Contract 9.2: a merged duplicate is no candidate any more. */
    remove(customerId: string): void {
      const entry = entries.get(customerId);
      if (entry) remove(customerId, entry);
      entries.delete(customerId);
    },

    /** The customers whose organisation key is a near match of `query` (never an exact one). */
    nearMatches(query: string): string[] {
      const queryChars = new Set(query);
      const matches: string[] = [];
      for (const customerId of candidatesFor(query)) {
        const entry = entries.get(customerId);
        if (!entry || entry.key === query) continue;
        // Every character of the shorter key occurs in the longer one: a cheap exact prefilter.
        if (!covers(entry.chars, queryChars) && !covers(queryChars, entry.chars)) continue;
        if (isNearOrganisationMatch(query, entry.key)) matches.push(customerId);
      }
      return matches;
    },
  };
};
