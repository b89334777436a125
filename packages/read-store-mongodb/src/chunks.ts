/** Splits a list into runs of at most `size`, so one command never carries an unbounded batch. */
export const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const runs: T[][] = [];
  for (let start = 0; start < items.length; start += size) runs.push(items.slice(start, start + size));
  return runs;
};
