import { expect, it } from "vitest";
import { KEYS } from "../testing/consoleHarness.ts";
import {
  closeWithoutConsoleErrors,
  describeInChromium,
  expectAccessible,
} from "../testing/describeInChromium.ts";
import { newLead } from "../testing/seedCustomers.ts";

// Contract 9.4 and 9.5 through the console: a rep books a follow-up on the customer page, finds
// it in "my follow-ups" with the overdue ones first, marks it done; the timeline tells the story.

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describeInChromium("the console: follow-ups and the timeline", (crm) => {
  it("given a customer, when the rep books a follow-up on its page, then it is on their list, overdue first, until done", async () => {
    const sales = crm.api("sales");
    const customerId = await newLead(sales, {
      name: "Huang Lei",
      company: "厦门航空",
      source: "web",
    });
    await sales.post(`/customers/${customerId}/follow-ups`, {
      title: "Send the price list",
      dueAt: inDays(-2),
    });
    const opened = await crm.customerPage("sales", customerId);
    const { page } = opened;
    const form = page.getByTestId("command-follow-up");
    await form.locator("summary").click();
    await form.getByLabel("What to do").fill("Call about the contract");
    const due = new Date(Date.now() + 3 * 86_400_000);
    await form.getByLabel("Due at").fill(`${due.toISOString().slice(0, 10)}T10:00`);
    await form.getByRole("button", { name: "Send" }).click();
    await page.getByText("Saved.").waitFor();

    await page.getByRole("link", { name: "Follow-ups" }).click();
    const rows = page.getByTestId("follow-ups").locator("tbody tr");
    await rows.nth(1).waitFor();
    const expected = await sales.get("/follow-ups?status=open&limit=50");
    expect(await rows.count()).toBe(expected.items.length);
    expect(await rows.nth(0).textContent()).toContain("Send the price list");
    expect(await rows.nth(0).textContent()).toContain("Overdue");
    expect(await rows.nth(1).textContent()).toContain("Call about the contract");
    await expectAccessible(opened, "follow-ups");

    await rows.nth(0).getByRole("button", { name: "Done" }).click();
    await page.getByTestId("follow-ups").getByText("Send the price list").waitFor({ state: "detached" });
    const done = await sales.get("/follow-ups?status=done&limit=50");
    expect(done.items.map((item: { title: string }) => item.title)).toContain("Send the price list");
    await closeWithoutConsoleErrors(opened);
  });

  it("given a customer worked by sales and service, when someone opens it, then the timeline shows the API's lines in the language on screen", async () => {
    const sales = crm.api("sales");
    const customerId = await newLead(sales, {
      name: "Qian Kun",
      company: "合肥家电",
      source: "ad",
    });
    await sales.post(`/customers/${customerId}/interactions`, {
      channel: "call",
      direction: "inbound",
      summary: "asked for a quote",
    });
    await crm.api("service").post(`/customers/${customerId}/complaints`, {
      category: "billing",
      severity: "low",
      description: "Invoice has the wrong address",
    });
    const english = await sales.get(`/customers/${customerId}/timeline`);
    const opened = await crm.customerPage("service", customerId);
    const { page } = opened;
    const timeline = page.getByTestId("timeline");
    await timeline
      .locator("li")
      .nth(english.items.length - 1)
      .waitFor();
    expect(await timeline.locator("li").count()).toBe(english.items.length);
    for (const item of english.items) expect(await timeline.textContent()).toContain(item.text);

    await page.getByLabel("Language").selectOption("zh-CN");
    await page.getByRole("heading", { name: "时间线" }).waitFor();
    const chinese = await fetch(`${crm.address}/api/v1/customers/${customerId}/timeline`, {
      headers: {
        authorization: `Bearer ${KEYS.service}`,
        "accept-language": "zh-CN",
      },
    }).then((response) => response.json());
    await timeline.getByText(chinese.items[0].text).waitFor();
    await closeWithoutConsoleErrors(opened);
  });
});
