import { beforeAll, expect, it } from "vitest";
import {
  closeWithoutConsoleErrors,
  describeInChromium,
  expectAccessible,
} from "../testing/describeInChromium.ts";
import { seedBookOfBusiness } from "../testing/seedCustomers.ts";

// Contract section 13, audit: the trail with its filters and paging, a customer's history
// with the hash chain recomputed by the API.

describeInChromium("the console: audit", (crm) => {
  let customers: Awaited<ReturnType<typeof seedBookOfBusiness>>;
  beforeAll(async () => {
    customers = await seedBookOfBusiness(crm.api("sales"), crm.api("service"));
  });

  it("given a book of business, when an auditor filters the trail by event type, then it lists the API's entries", async () => {
    const expected = await crm.api("auditor").get("/audit?type=StageAdvanced&limit=50");
    const opened = await crm.signedIn("auditor");
    const { page } = opened;
    await page.getByTestId("audit-trail").waitFor();
    await page.getByLabel("Event").selectOption("StageAdvanced");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForFunction(
      (count) => document.querySelectorAll('[data-testid="audit-trail"] tbody tr').length === count,
      expected.items.length,
    );
    const types = await page.getByTestId("audit-trail").locator("tbody tr td:nth-child(3)").allTextContents();
    expect(new Set(types)).toEqual(new Set(["Stage moved"]));
    await expectAccessible(opened, "audit");
    await closeWithoutConsoleErrors(opened);
  });

  it("given more entries than a page, when the auditor pages on, then the next page follows the API's cursor", async () => {
    for (let call = 0; call < 45; call += 1)
      await crm.api("sales").post(`/customers/${customers.fresh}/interactions`, {
        channel: "call",
        direction: "outbound",
        summary: `Call ${call + 1}`,
      });
    const first = await crm.api("auditor").get("/audit?limit=50");
    const second = await crm
      .api("auditor")
      .get(`/audit?limit=50&cursor=${encodeURIComponent(first.nextCursor)}`);
    const opened = await crm.signedIn("auditor");
    const { page } = opened;
    await page.getByTestId("audit-trail").waitFor();
    expect(await page.getByTestId("audit-trail").locator("tbody tr").count()).toBe(50);

    await page.getByRole("button", { name: "Next" }).click();
    await page.getByText("Page 2").waitFor();
    await page.waitForFunction(
      (count) => document.querySelectorAll('[data-testid="audit-trail"] tbody tr').length === count,
      second.items.length,
    );
    await page.getByRole("button", { name: "Previous" }).click();
    await page.getByText("Page 1").waitFor();
    await closeWithoutConsoleErrors(opened);
  });

  it("given a customer, when the auditor opens its history, then every event shows and the chain is verified", async () => {
    const history = await crm.api("auditor").get(`/customers/${customers.won}/history`);
    const opened = await crm.signedIn("auditor");
    const { page } = opened;
    await page.goto(new URL(`/audit/customers/${customers.won}`, page.url()).href);
    const verdict = page.getByTestId("verify-result");
    await verdict.waitFor();
    expect(await verdict.getAttribute("data-valid")).toBe("true");
    expect(await verdict.textContent()).toContain("Verified");
    // The history and the verdict are two requests: the list shows when its own answer arrives.
    await page.getByTestId("history").waitFor();
    expect(await page.getByTestId("history").locator("> li").count()).toBe(history.events.length);
    await expectAccessible(opened, "history");
    await closeWithoutConsoleErrors(opened);
  });
});
