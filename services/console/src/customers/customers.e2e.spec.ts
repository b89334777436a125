import { expect, it } from "vitest";
import {
  closeWithoutConsoleErrors,
  describeInChromium,
  expectAccessible,
} from "../testing/describeInChromium.ts";
import { newLead } from "../testing/seedCustomers.ts";

// Contract section 13, customers: forms for the commands a role may issue, with the API's
// field-level messages, sent with If-Match: the revision on screen.

describeInChromium("the console: customers", (crm) => {
  it("given a rep, when they create a lead through the form, then they land on the new customer", async () => {
    const opened = await crm.signedIn("sales");
    const { page } = opened;
    await page.getByRole("link", { name: "New lead" }).click();
    await page.getByLabel("Name").fill("Chen Jing");
    await page.getByLabel("Company").fill("杭州阿里");
    await page.getByLabel("Expected value").fill("12000");
    await expectAccessible(opened, "new-lead");
    await page.getByRole("button", { name: "Create lead" }).click();

    await page.getByTestId("customer-name").waitFor();
    expect(await page.getByTestId("customer-name").textContent()).toBe("Chen Jing");
    const customerId = new URL(page.url()).pathname.split("/").at(-1) as string;
    const stored = await crm.api("sales").get(`/customers/${customerId}`);
    expect(stored).toMatchObject({
      name: "Chen Jing",
      company: "杭州阿里",
      expectedValue: 12000,
      stage: "lead",
    });
    await closeWithoutConsoleErrors(opened);
  });

  it("given a bad email, when the rep sends the lead, then the API's message shows at the email field and nothing is created", async () => {
    const opened = await crm.signedIn("sales");
    const { page } = opened;
    await page.goto(new URL("/customers/new", page.url()).href);
    await page.getByLabel("Name").fill("Zhou Min");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByRole("button", { name: "Create lead" }).click();

    const message = page.getByTestId("error-email");
    await message.waitFor();
    expect((await message.textContent())?.length).toBeGreaterThan(0);
    expect(await page.getByLabel("Email").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByTestId("problem").getAttribute("data-code")).toBe("validation_failed");
    expect(new URL(page.url()).pathname).toBe("/customers/new");
    await expectAccessible(opened);
    await closeWithoutConsoleErrors(opened);
  });

  it("given the customer changed after the page loaded, when the rep moves the stage, then they are told and see the latest", async () => {
    const sales = crm.api("sales");
    const { customerId, opened } = await crm.repOpensNewLead({
      name: "Sun Li",
      company: "成都电子",
      source: "event",
    });
    const { page } = opened;
    expect(await page.getByTestId("customer-revision").getAttribute("data-value")).toBe("0");
    await sales.post(`/customers/${customerId}/interactions`, {
      channel: "call",
      direction: "outbound",
      summary: "Called about the offer",
    });

    await page.locator("summary", { hasText: "Move stage" }).click();
    await page.getByTestId("command-stage").getByLabel("Stage", { exact: true }).selectOption("qualified");
    await page.getByTestId("command-stage").getByRole("button", { name: "Send" }).click();

    await page.getByText("Someone else changed this customer").waitFor();
    await page.locator('[data-testid="customer-revision"][data-value="1"]').waitFor();
    expect((await sales.get(`/customers/${customerId}`)).stage).toBe("lead");

    // Now on the latest revision, the same move goes through.
    await page.getByTestId("command-stage").getByLabel("Stage", { exact: true }).selectOption("qualified");
    await page.getByTestId("command-stage").getByRole("button", { name: "Send" }).click();
    await page.locator('[data-testid="customer-stage"]', { hasText: "Qualified" }).waitFor();
    expect((await sales.get(`/customers/${customerId}`)).stage).toBe("qualified");
    await closeWithoutConsoleErrors(opened);
  });

  it("given a filed complaint, when a service agent acknowledges then resolves it, then the 4A steps show done", async () => {
    const customerId = await newLead(crm.api("sales"), {
      name: "Wu Gang",
      company: "武汉钢铁",
      source: "partner",
    });
    const { complaintId } = await crm.api("service").post(`/customers/${customerId}/complaints`, {
      category: "delivery",
      severity: "high",
      description: "The order arrived two weeks late",
    });
    const opened = await crm.customerPage("service", customerId);
    const { page } = opened;
    const complaint = page.getByTestId("complaint");
    await complaint.waitFor();
    expect(await complaint.getAttribute("data-status")).toBe("filed");

    await complaint.locator("summary", { hasText: "Acknowledge" }).click();
    await complaint.getByLabel("We apologized").check();
    await complaint.getByRole("button", { name: "Acknowledge" }).click();
    await page.locator('[data-testid="complaint"][data-status="acknowledged"]').waitFor();

    await complaint.locator("summary", { hasText: "Resolve" }).click();
    await complaint.getByLabel("Resolution").fill("Sent the parts by courier");
    await complaint.getByLabel("Compensation").fill("50");
    await complaint.getByLabel("Preventive action").fill("Daily check of late shipments");
    await complaint.getByRole("button", { name: "Resolve" }).click();
    await page.locator('[data-testid="complaint"][data-status="resolved"]').waitFor();

    for (const step of ["acknowledge", "apologize", "act", "amend"])
      expect(await complaint.getByTestId(`step-${step}`).getAttribute("class")).toBe("done");
    const { items } = await crm.api("service").get(`/customers/${customerId}/complaints`);
    expect(items).toEqual([
      expect.objectContaining({ complaintId, status: "resolved", apologized: true, compensation: 50 }),
    ]);
    await expectAccessible(opened, "customer");
    await closeWithoutConsoleErrors(opened);
  });

  it("given customers on file, when an analyst searches with a filter, then the list is the API's page", async () => {
    const sales = crm.api("sales");
    await sales.post("/leads", { name: "Guo Jing", company: "西安航空", source: "ad", region: "西北" });
    const opened = await crm.signedIn("analyst");
    const { page } = opened;
    await page.getByRole("link", { name: "Customers" }).click();
    await page.getByLabel("Region").fill("西北");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("link", { name: "Guo Jing" }).waitFor();
    const expected = await crm.api("analyst").get(`/customers?region=${encodeURIComponent("西北")}&limit=25`);
    const rows = await page.getByTestId("customer-results").locator("tbody tr").count();
    expect(rows).toBe(expected.items.length);
    await expectAccessible(opened, "customers");
    await closeWithoutConsoleErrors(opened);
  });

  it("given the pool, when an admin opens it, then it lists customers without an owner, with claim only when the API has it", async () => {
    const customerId = await newLead(crm.api("sales"), {
      name: "Ma Chao",
      company: "兰州牧业",
      source: "cold_call",
    });
    const apiHasClaim = await crm.documents("POST", "/customers/{id}/claim");
    const opened = await crm.signedIn("admin");
    const { page } = opened;
    await page.getByRole("link", { name: "Pool" }).click();
    await page.getByRole("link", { name: "Ma Chao" }).waitFor();
    const claim = page.getByRole("row", { name: /Ma Chao/ }).getByRole("button", { name: "Claim" });
    expect(await claim.count()).toBe(apiHasClaim ? 1 : 0);
    await expectAccessible(opened, "pool");
    if (apiHasClaim) {
      await claim.click();
      await page.getByTestId("customer-owner").filter({ hasText: "admin-1" }).waitFor();
      expect((await crm.api("admin").get(`/customers/${customerId}`)).ownerId).toBe("admin-1");
    }
    await closeWithoutConsoleErrors(opened);
  });

  it("given a customer, when a rep corrects the phone number, then the profile shows it from the API", async () => {
    const sales = crm.api("sales");
    const apiHasProfileChanges = await crm.documents("PATCH", "/customers/{id}");
    const { customerId, opened } = await crm.repOpensNewLead({
      name: "Liu Yang",
      company: "南京软件",
      phone: "13800000000",
      source: "web",
    });
    const { page } = opened;
    const form = page.getByTestId("command-profile");
    expect(await form.count()).toBe(apiHasProfileChanges ? 1 : 0);
    if (apiHasProfileChanges) {
      await form.locator("summary").click();
      await form.getByLabel("Phone").fill("13900000000");
      await form.getByRole("button", { name: "Send" }).click();
      await page.getByTestId("customer-phone").filter({ hasText: "13900000000" }).waitFor();
      expect((await sales.get(`/customers/${customerId}`)).phone).toBe("13900000000");
    }
    await closeWithoutConsoleErrors(opened);
  });
});
