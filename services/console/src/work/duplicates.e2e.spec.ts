import { beforeAll, expect, it } from "vitest";
import {
  closeWithoutConsoleErrors,
  describeInChromium,
  expectAccessible,
} from "../testing/describeInChromium.ts";

// Contract 9.2 through the console: the duplicate review queue, with dismiss and merge.

describeInChromium("the console: the duplicate queue", (crm) => {
  const pairs: { first: string; second: string }[] = [];
  beforeAll(async () => {
    const sales = crm.api("sales");
    for (const [name, email] of [
      ["Li Lei", "li.lei@bj-mobile.cn"],
      ["Zhao Yun", "zhao.yun@changshan.cn"],
    ]) {
      const first = await sales.post("/leads", { name, company: `${name} 公司`, email, source: "web" });
      const second = await sales.post("/leads", {
        name: `${name} (2)`,
        email,
        source: "referral",
        allowDuplicate: true,
      });
      pairs.push({ first: first.customerId, second: second.customerId });
    }
  });

  const pairShown = (first: string, second: string) =>
    `[data-testid="duplicates"] li:has(a[href="/customers/${first}"]):has(a[href="/customers/${second}"])`;

  /** The seeded pair as the API's queue names it (either customer may come first), shown to a rep. */
  const queueShowing = async (seeded: { first: string; second: string } | undefined) => {
    const queue = await crm.api("sales").get("/duplicates");
    const pair = queue.items.find(
      (item: { customerId: string; candidateId: string }) =>
        [item.customerId, item.candidateId].sort().join() === [seeded?.first, seeded?.second].sort().join(),
    );
    expect(pair).toBeDefined();
    const opened = await crm.signedIn("sales");
    await opened.page.getByRole("link", { name: "Duplicates" }).click();
    return { opened, pair, shown: opened.page.locator(pairShown(pair.customerId, pair.candidateId)) };
  };

  it("given a pair that is not one customer, when a rep says so, then it leaves the queue", async () => {
    const { opened, pair, shown } = await queueShowing(pairs[0]);
    await shown.waitFor();
    await expectAccessible(opened, "duplicates");

    await shown.getByRole("button", { name: "Not the same" }).click();

    await shown.waitFor({ state: "detached" });
    const after = await crm.api("sales").get("/duplicates");
    expect(after.items.map((item: { customerId: string }) => item.customerId)).not.toContain(pair.customerId);
    await closeWithoutConsoleErrors(opened);
  });

  it("given a pair that is one customer, when a rep merges it, then the newer is merged into the earlier", async () => {
    const { opened, pair, shown } = await queueShowing(pairs[1]);
    await shown.getByRole("button", { name: "Merge" }).click();

    await shown.waitFor({ state: "detached" });
    // The newer customer (the queue's customerId) is folded into the one on file first.
    const merged = await crm.api("sales").get(`/customers/${pair.customerId}`);
    expect(merged.mergedInto).toBe(pair.candidateId);
    await closeWithoutConsoleErrors(opened);
  });
});
