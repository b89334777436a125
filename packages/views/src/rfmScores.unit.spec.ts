import fc from "fast-check";
import { expect, it } from "vitest";
import { rfmScores } from "./rfmScores.ts";

// The contract's words, written the direct way: the index of the first equal value in the
// ascending list. The view's version must give the same scores, ties and signs included.
const byTheContract = (values: number[], goodness: (value: number) => number = (v) => v) => {
  const ascending = values.map(goodness).sort((a, b) => a - b);
  return values.map((value) => Math.floor((5 * ascending.indexOf(goodness(value))) / values.length) + 1);
};

it("given any values, ties and zeros among them, then the scores the contract's rule gives", () => {
  const values = fc.array(
    fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true, noDefaultInfinity: true })),
    {
      maxLength: 80,
    },
  );
  fc.assert(
    fc.property(values, (list) => {
      expect(rfmScores(list)).toEqual(byTheContract(list));
      expect(rfmScores(list, (v) => -v)).toEqual(byTheContract(list, (v) => -v));
    }),
    { numRuns: 300 },
  );
});

it("given three equal values among five, then they share the lower score", () => {
  expect(rfmScores([10, 20, 20, 20, 30])).toEqual([1, 2, 2, 2, 5]);
});
