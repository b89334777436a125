import { setImmediate as turn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { groupedWrites } from "./groupedWrites.ts";

const later = () => {
  let release: () => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const settled = new Promise<void>((resolve, reject) => {
    release = resolve;
    fail = reject;
  });
  return { settled, release, fail };
};

describe("grouped read-model writes", () => {
  it("writes a batch at once, and the batches that arrive while it is in flight together after it, each in its order", async () => {
    const writes: string[][] = [];
    const first = later();
    const write = groupedWrites<string>(async (items) => {
      writes.push([...items]);
      if (writes.length === 1) await first.settled;
    });

    const a = write(["a1", "a2"]);
    await turn();
    expect(writes).toEqual([["a1", "a2"]]);
    const b = write(["b1"]);
    const c = write(["c1", "c2"]);
    await turn();
    expect(writes).toEqual([["a1", "a2"]]);

    first.release();
    await Promise.all([a, b, c]);
    expect(writes).toEqual([
      ["a1", "a2"],
      ["b1", "c1", "c2"],
    ]);
  });

  it("a failed write fails every batch it carried and no other; the next batches are written after it", async () => {
    const writes: string[][] = [];
    const first = later();
    const write = groupedWrites<string>(async (items) => {
      writes.push([...items]);
      if (writes.length === 1) await first.settled;
      if (items.includes("poison")) throw new Error("cannot write");
    });

    const a = write(["a1"]);
    await turn();
    const b = write(["poison"]);
    const c = write(["c1"]);
    first.release();
    await a;
    await expect(b).rejects.toThrow("cannot write");
    await expect(c).rejects.toThrow("cannot write");

    await write(["c1"]);
    expect(writes).toEqual([["a1"], ["poison", "c1"], ["c1"]]);
  });
});
