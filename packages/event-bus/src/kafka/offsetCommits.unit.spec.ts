import { describe, expect, it } from "vitest";
import { offsetCommits, type PartitionOffset } from "./offsetCommits.ts";

// The member's progress goes out behind the fetch loop: one commit at a time, the newest offset of
// each partition, tried again after a failure while the member stays, given up once it leaves.

const broker = (failures: number) => {
  const received: PartitionOffset[][] = [];
  const tried: PartitionOffset[][] = [];
  let failing = failures;
  return {
    received,
    tried,
    commit: async (offsets: PartitionOffset[]) => {
      tried.push(offsets);
      if (failing > 0) {
        failing -= 1;
        throw new Error("coordinator not available");
      }
      received.push(offsets);
    },
  };
};

describe("offsetCommits", () => {
  it("given a broker that refuses twice, when batches of two partitions are done meanwhile, then the newest offset of each is committed once it takes them, after growing waits", async () => {
    const { received, commit } = broker(2);
    const waits: number[] = [];
    const commits = offsetCommits({
      leaving: new AbortController().signal,
      onError: (_, wait) => waits.push(wait),
    });

    const first = commits.commit({ partition: 0, offset: "5" }, commit);
    void commits.commit({ partition: 1, offset: "3" }, commit);
    void commits.commit({ partition: 0, offset: "9" }, commit);
    await first;
    await commits.settled();

    expect(waits).toEqual([100, 200]);
    const committed = new Map(received.flat().map(({ partition, offset }) => [partition, offset]));
    expect(committed).toEqual(
      new Map([
        [0, "9"],
        [1, "3"],
      ]),
    );
    expect(received.flat().some(({ offset }) => offset === "5")).toBe(false);
  });

  it("given a member that is leaving, when the broker refuses, then the commit is given up instead of retried", async () => {
    const { received, commit } = broker(1);
    const leaving = new AbortController();
    const waits: number[] = [];
    const commits = offsetCommits({ leaving: leaving.signal, onError: (_, wait) => waits.push(wait) });
    leaving.abort();

    await commits.commit({ partition: 0, offset: "5" }, commit);

    expect(received).toEqual([]);
    expect(waits).toEqual([]);
  });

  it("given a broker that keeps refusing, when the member leaves while a commit waits to be tried again, then it is tried once more and given up", async () => {
    const { tried, commit } = broker(Number.POSITIVE_INFINITY);
    const leaving = new AbortController();
    const waits: number[] = [];
    const commits = offsetCommits({
      leaving: leaving.signal,
      onError: (_, wait) => {
        waits.push(wait);
        leaving.abort();
      },
    });

    await commits.commit({ partition: 0, offset: "5" }, commit);
    await commits.settled();

    expect(waits).toEqual([100]);
    expect(tried).toEqual([[{ partition: 0, offset: "5" }], [{ partition: 0, offset: "5" }]]);
  });
});
