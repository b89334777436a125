import { describe, expect, it } from "vitest";
import { answersOnHand } from "./documentsOnHand.ts";

// A view's answer as of a past moment depends on nothing but the documents and the request: while
// the documents are the same array it is answered again as it was, a bounded number of them.

const counting = () => {
  let computed = 0;
  return {
    computed: () => computed,
    answer: (value: string) => () => {
      computed += 1;
      return { value };
    },
  };
};

describe("answersOnHand", () => {
  it("given an answer kept for these documents, when the same request comes again, then it is the kept answer, not computed again", () => {
    const kept = answersOnHand(2);
    const documents: unknown[] = [];
    const { computed, answer } = counting();

    const first = kept(documents, ["funnel", { asOf: "2026-01-01" }], answer("a"));
    const again = kept(documents, ["funnel", { asOf: "2026-01-01" }], answer("b"));

    expect(again).toBe(first);
    expect(computed()).toBe(1);
  });

  it("given other documents (the read model changed), when the same request comes, then it is computed again", () => {
    const kept = answersOnHand(2);
    const { computed, answer } = counting();

    kept([], ["funnel", { asOf: "2026-01-01" }], answer("before"));
    const after = kept([], ["funnel", { asOf: "2026-01-01" }], answer("after"));

    expect(after).toEqual({ value: "after" });
    expect(computed()).toBe(2);
  });

  it("given as many answers kept as it holds, when one more is computed, then the first kept goes, though it was asked for since", () => {
    const kept = answersOnHand(2);
    const documents: unknown[] = [];
    const { computed, answer } = counting();
    kept(documents, "first", answer("first"));
    kept(documents, "second", answer("second"));
    kept(documents, "first", answer("first"));

    kept(documents, "third", answer("third"));

    expect(computed()).toBe(3);
    kept(documents, "second", answer("second"));
    kept(documents, "third", answer("third"));
    expect(computed()).toBe(3);
    kept(documents, "first", answer("first"));
    expect(computed()).toBe(4);
  });
});
