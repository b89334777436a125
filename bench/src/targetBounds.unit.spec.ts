import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { headingAnchor, TRIED_HEADINGS } from "./targetBounds.ts";

// A MISS points to the section of docs/benchmarks.md that tells what was tried: a heading
// renamed there must be renamed in targetBounds.ts too, or the printed link leads nowhere.

const headings = readFileSync(new URL("../../docs/benchmarks.md", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => /^#{1,6} /.test(line))
  .map((line) => line.replace(/^#+ /, ""));

describe("what was tried against each target", () => {
  it.each(TRIED_HEADINGS)("is a heading of docs/benchmarks.md: %s", (heading) => {
    expect(headings).toContain(heading);
  });

  it("links to a heading by GitHub's anchor", () => {
    expect(headingAnchor("Replay (issue 16): the 10x regression after part two, and what was changed")).toBe(
      "#replay-issue-16-the-10x-regression-after-part-two-and-what-was-changed",
    );
    expect(headingAnchor("Peer: Emmett")).toBe("#peer-emmett");
  });
});
