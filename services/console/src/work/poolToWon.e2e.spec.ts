import { expect, it } from "vitest";
import { KEYS } from "../testing/consoleHarness.ts";
import { closeWithoutConsoleErrors, describeInChromium } from "../testing/describeInChromium.ts";
import { newLead } from "../testing/seedCustomers.ts";

// The "done when": a rep works a customer from the pool to won without curl. Reps may
// list the pool once the API opens search to them (contract 9.3); until then an admin walks it.

describeInChromium("the console: from the pool to won", (crm) => {
  it("given a lead in the pool, when a rep takes it and wins it through the console, then the API has it won", async () => {
    const customerId = await newLead(crm.api("admin"), {
      name: "Deng Chao",
      company: "青岛啤酒",
      source: "event",
      expectedValue: 9000,
    });
    const salesMaySearch = (
      await fetch(`${crm.address}/api/v1/customers?pool=true`, {
        headers: { authorization: `Bearer ${KEYS.sales}` },
      })
    ).ok;
    const role = salesMaySearch ? "sales" : "admin";
    const opened = await crm.signedIn(role);
    const { page } = opened;

    await page.getByRole("link", { name: "Pool" }).click();
    const row = page.getByRole("row", { name: /Deng Chao/ });
    const claim = row.getByRole("button", { name: "Claim" });
    if (await claim.count()) await claim.click();
    else {
      await row.getByRole("link", { name: "Deng Chao" }).click();
      const owner = page.getByTestId("command-owner");
      await owner.locator("summary").click();
      await owner.getByLabel("Owner", { exact: true }).fill(`${role}-1`);
      await owner.getByRole("button", { name: "Send" }).click();
    }
    await page
      .getByTestId("customer-owner")
      .filter({ hasText: `${role}-1` })
      .waitFor();

    const stage = page.getByTestId("command-stage");
    await stage.locator("summary").click();
    await stage.getByLabel("Stage", { exact: true }).selectOption("won");
    await stage.getByLabel("Amount").fill("8800");
    await stage.getByRole("button", { name: "Send" }).click();
    await page.locator('[data-testid="customer-stage"]', { hasText: "Won" }).waitFor();

    const won = await crm.api("admin").get(`/customers/${customerId}`);
    expect(won).toMatchObject({ stage: "won", lifecycle: "customer", ownerId: `${role}-1`, revenue: 8800 });
    await closeWithoutConsoleErrors(opened);
  });

  it("given a customer a rep owns, when they release it, then it is back in the pool", async () => {
    const apiHasRelease = await crm.documents("POST", "/customers/{id}/release");
    const { customerId, opened } = await crm.repOpensNewLead({
      name: "Xu Jing",
      company: "苏州丝绸",
      source: "web",
      ownerId: "sales-1",
    });
    const { page } = opened;
    const release = page.getByRole("button", { name: "Release to the pool" });
    expect(await release.count()).toBe(apiHasRelease ? 1 : 0);
    if (apiHasRelease) {
      await release.click();
      await page.getByTestId("customer-owner").filter({ hasText: "In the pool" }).waitFor();
      expect((await crm.api("sales").get(`/customers/${customerId}`)).ownerId).toBeNull();
    }
    await closeWithoutConsoleErrors(opened);
  });
});
