/**
 * The one seeded random source of the tests and benchmarks (mulberry32): the same seed gives
 * the same history, so a failing comparison can be replayed exactly from the seed it printed.
 */
export const seededRandom = (seed: number) => {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const hex = (digits: number): string =>
    Array.from({ length: digits }, () => Math.floor(next() * 16).toString(16)).join("");
  return {
    next,
    int,
    pick,
    chance: (probability: number): boolean => next() < probability,
    /** An amount with at most 2 decimals, as the API accepts money. */
    money: (min: number, max: number): number => int(min * 100, max * 100) / 100,
    /** A well-formed version-4 UUID, so customer ids are stable across runs. */
    uuid: (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(["8", "9", "a", "b"])}${hex(3)}-${hex(12)}`,
  };
};

export type SeededRandom = ReturnType<typeof seededRandom>;
