/**
 * Contract section 5's RFM score for each value: sort ascending by goodness (worst first);
 * a value scores floor(5 * i / n) + 1, i being the index of the FIRST value equal to it,
 * so ties share the lower score. Goodness is the value itself unless told otherwise.
 */
export const rfmScores = (
  values: readonly number[],
  goodness: (value: number) => number = (v) => v,
): number[] => {
  const ascending = values.map(goodness).sort((a, b) => a - b);
  return values.map((value) => Math.floor((5 * ascending.indexOf(goodness(value))) / values.length) + 1);
};
