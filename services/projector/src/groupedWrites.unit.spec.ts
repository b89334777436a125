import { setImmediate as turn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { groupedWrites } from "./groupedWrites.ts";

/** Grouped writes that record what each write carried; the first write is held until released, a poisoned one throws. */
const heldWrites = () => {
  const writes: string[][] = [];
  let releaseFirst: () => void = () => undefined;
  const firstReleased = new Promise<void>((resolve) => {
    releaseFirst = resolve;
  });
  const write = groupedWrites<string>(async (items) => {
    writes.push([...items]);
    if (writes.length === 1) await firstReleased;
    if (items.includes("poison")) throw new Error("cannot write");
  });
  return { writes, write, releaseFirst };
};

describe("grouped read-model writes", () => {
  it("writes a batch at once, and the batches that arrive while it is in flight together after it, each in its order", async () => {
    const { writes, write, releaseFirst } = heldWrites();

    const a = write(["a1", "a2"]);
    await turn();
    expect(writes).toEqual([["a1", "a2"]]);
    const b = write(["b1"]);
    const c = write(["c1", "c2"]);
    await turn();
    expect(writes).toEqual([["a1", "a2"]]);

    releaseFirst();
    await Promise.all([a, b, c]);
    expect(writes).toEqual([
      ["a1", "a2"],
      ["b1", "c1", "c2"],
    ]);
  });

  it("a failed write fails every batch it carried and no other; the next batches are written after it", async () => {
    const { writes, write, releaseFirst } = heldWrites();

    const a = write(["a1"]);
    await turn();
    const b = write(["poison"]);
    const c = write(["c1"]);
    releaseFirst();
    await a;
    await expect(b).rejects.toThrow("cannot write");
    await expect(c).rejects.toThrow("cannot write");

    await write(["c1"]);
    expect(writes).toEqual([["a1"], ["poison", "c1"], ["c1"]]);
  });
});
