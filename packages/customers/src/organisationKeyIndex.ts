import { isNearOrganisationMatch } from "@crm/domain";

// The near-duplicate check used to compare a new lead with every organisation on
// file, and the profile of the command benchmark put a third of the CPU there.
// A near match needs every character of the shorter key to occur in the longer one
// (it is contained whole, or made of pieces that each are), which gives an exact
// prefilter: a candidate either contains the query's first character (the query is
// the shorter key) or starts with one of the query's characters (the candidate is
// the shorter). Only candidates whose characters cover, or are covered by, the
// query's reach the full rule.

type Entry = { key: string; chars: ReadonlySet<string> };

const addTo = (index: Map<string, Set<string>>, char: string, customerId: string) => {
  const ids = index.get(char);
  if (ids) ids.add(customerId);
  else index.set(char, new Set([customerId]));
};

const covers = (outer: ReadonlySet<string>, inner: ReadonlySet<string>) => {
  for (const char of inner) if (!outer.has(char)) return false;
  return true;
};

export const organisationKeyIndex = () => {
  const entries = new Map<string, Entry>();
  const byChar = new Map<string, Set<string>>();
  const byFirstChar = new Map<string, Set<string>>();

  const remove = (customerId: string, entry: Entry) => {
    for (const char of entry.chars) byChar.get(char)?.delete(customerId);
    byFirstChar.get([...entry.key][0] ?? "")?.delete(customerId);
  };

  return {
    add(customerId: string, key: string): void {
      const previous = entries.get(customerId);
      if (previous?.key === key) return;
      if (previous) remove(customerId, previous);
      const chars = new Set(key);
      entries.set(customerId, { key, chars });
      for (const char of chars) addTo(byChar, char, customerId);
      addTo(byFirstChar, [...key][0] ?? "", customerId);
    },

    /** Contract 10.1: an erased customer's organisation is no longer anyone's near match. */
    forget(customerId: string): void {
      const entry = entries.get(customerId);
      if (!entry) return;
      remove(customerId, entry);
      entries.delete(customerId);
    },

    /** The customers whose organisation key is a near match of `query` (never an exact one). */
    nearMatches(query: string): string[] {
      const queryChars = new Set(query);
      const candidates = new Set(byChar.get([...query][0] ?? "") ?? []);
      for (const char of queryChars) for (const id of byFirstChar.get(char) ?? []) candidates.add(id);
      const matches: string[] = [];
      for (const customerId of candidates) {
        const entry = entries.get(customerId);
        if (!entry || entry.key === query) continue;
        if (!covers(entry.chars, queryChars) && !covers(queryChars, entry.chars)) continue;
        if (isNearOrganisationMatch(query, entry.key)) matches.push(customerId);
      }
      return matches;
    },
  };
};
