import { beforeAll, expect, it } from "vitest";
import {
  type ConsolePage,
  closeWithoutConsoleErrors,
  describeInChromium,
  expectAccessible,
  PHONE,
} from "../testing/describeInChromium.ts";
import { seedBookOfBusiness } from "../testing/seedCustomers.ts";

// Contract section 13, dashboards: every number on screen is the API's answer for the
// page's one "as of" moment; moving that date asks the API again (time travel by replay).

const STAGES = ["lead", "qualified", "proposal", "negotiation", "won"] as const;
const english = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
const money = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const shown = async ({ page }: ConsolePage, testId: string) => {
  const cell = page.getByTestId(testId);
  return { text: (await cell.textContent())?.trim(), value: await cell.getAttribute("data-value") };
};

/** Waits until the funnel on screen answers for the given cut. */
const funnelShowsReached = async ({ page }: ConsolePage, stage: string, reached: number) =>
  page.locator(`[data-testid="funnel-reached-${stage}"][data-value="${reached}"]`).waitFor();

describeInChromium("the console: dashboards", (crm) => {
  beforeAll(async () => {
    await seedBookOfBusiness(crm.api("sales"), crm.api("service"));
  });

  it("given a book of business, when an analyst opens the dashboards, then every number equals the API's answer", async () => {
    const analyst = crm.api("analyst");
    const [funnel, lifecycle, churn, value] = await Promise.all([
      analyst.get("/views/funnel"),
      analyst.get("/views/lifecycle"),
      analyst.get("/views/churn"),
      analyst.get("/views/customer-value"),
    ]);
    const opened = await crm.signedIn("analyst");
    await opened.page.getByTestId("value-totalRevenue").waitFor();
    await funnelShowsReached(opened, "lead", funnel.stages[0].reached);

    for (const row of funnel.stages) {
      expect(await shown(opened, `funnel-reached-${row.stage}`)).toEqual({
        text: english.format(row.reached),
        value: String(row.reached),
      });
      expect(await shown(opened, `funnel-current-${row.stage}`)).toEqual({
        text: english.format(row.current),
        value: String(row.current),
      });
      expect(await shown(opened, `funnel-value-${row.stage}`)).toEqual({
        text: money.format(row.value),
        value: String(row.value),
      });
    }
    expect((await shown(opened, "funnel-pipelineValue")).value).toBe(String(funnel.pipelineValue));
    expect((await shown(opened, "funnel-lost")).value).toBe(String(funnel.lost));
    for (const [stage, count] of Object.entries(lifecycle.counts))
      expect((await shown(opened, `lifecycle-${stage}`)).value).toBe(String(count));
    expect((await shown(opened, "lifecycle-pool")).value).toBe(String(lifecycle.pool));
    for (const stage of STAGES)
      expect((await shown(opened, `churn-lostByStage-${stage}`)).value).toBe(
        String(churn.lostByStage[stage]),
      );
    expect((await shown(opened, "churn-churned")).value).toBe(String(churn.customers.churned));
    expect((await shown(opened, "churn-complaints-open")).value).toBe(String(churn.complaints.open));
    expect(await opened.page.getByTestId("churn-atRisk").getByRole("link").count()).toBe(churn.atRisk.length);
    expect((await shown(opened, "value-totalRevenue")).value).toBe(String(value.summary.totalRevenue));
    for (const tier of ["top", "growth", "low", "negative"])
      expect((await shown(opened, `value-tier-${tier}-customers`)).value).toBe(
        String(value.summary.tiers[tier].customers),
      );
    expect((await shown(opened, "value-pareto-revenueShare")).value).toBe(
      String(value.summary.pareto.revenueShare),
    );

    await expectAccessible(opened, "dashboards");
    await closeWithoutConsoleErrors(opened);
  });

  it("given the dashboards, when the analyst moves the as-of date back, then the funnel shows the API's answer for then", async () => {
    const asOf = "2026-02-01T23:59:59.999Z";
    const [now, then] = await Promise.all([
      crm.api("analyst").get("/views/funnel"),
      crm.api("analyst").get(`/views/funnel?asOf=${asOf}`),
    ]);
    expect(then.stages[0].reached).not.toBe(now.stages[0].reached);
    const opened = await crm.signedIn("analyst");
    await funnelShowsReached(opened, "lead", now.stages[0].reached);

    await opened.page.getByLabel("As of").fill("2026-02-01");

    for (const row of then.stages) await funnelShowsReached(opened, row.stage, row.reached);
    for (const row of then.stages)
      expect((await shown(opened, `funnel-current-${row.stage}`)).value).toBe(String(row.current));
    expect(new URL(opened.page.url()).searchParams.get("asOf")).toBe("2026-02-01");
    await closeWithoutConsoleErrors(opened);
  });

  it("given a sales target typed in, when the funnel answers, then the 3:1 coverage is the API's", async () => {
    const funnel = await crm.api("analyst").get("/views/funnel?target=4000");
    const opened = await crm.signedIn("analyst");
    await opened.page.getByLabel("Sales target").fill("4000");
    await opened.page.locator(`[data-testid="funnel-coverage"][data-value="${funnel.coverage}"]`).waitFor();
    expect((await shown(opened, "funnel-coverageHealthy")).value).toBe(String(funnel.coverageHealthy));
    await closeWithoutConsoleErrors(opened);
  });

  it("given a browser in Chinese, when the analyst opens the dashboards, then every panel is in Chinese", async () => {
    const opened = await crm.signedIn("analyst", { locale: "zh-CN" });
    const { page } = opened;
    for (const title of ["销售漏斗", "客户生命周期", "流失", "客户价值"])
      await page.getByRole("heading", { name: title, exact: true }).waitFor();
    await page.getByTestId("value-totalRevenue").waitFor();
    await expectAccessible(opened, "dashboards-zh");
    await closeWithoutConsoleErrors(opened);
  });

  it("given a phone-width screen, when the analyst opens the dashboards, then nothing runs off the side", async () => {
    const opened = await crm.signedIn("analyst", { screen: PHONE, locale: "zh-CN" });
    const { page } = opened;
    await page.getByTestId("value-totalRevenue").waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(opened, "dashboards-phone");
    await closeWithoutConsoleErrors(opened);
  });

  it("given the team views, when the analyst opens the dashboards, then stage velocity and activity are the API's", async () => {
    const analyst = crm.api("analyst");
    const [velocity, activity] = await Promise.all([
      analyst.get("/views/stage-velocity"),
      analyst.get("/views/activity"),
    ]);
    expect(activity.actors.length).toBeGreaterThan(0);
    const opened = await crm.signedIn("analyst");
    const { page } = opened;
    await page.getByTestId("velocity-lead-stays").waitFor();
    for (const row of velocity.stages) {
      expect(await page.getByTestId(`velocity-${row.stage}-stays`).getAttribute("data-value")).toBe(
        String(row.stays),
      );
      expect(await page.getByTestId(`velocity-${row.stage}-meanDays`).getAttribute("data-value")).toBe(
        row.meanDays === null ? "" : String(row.meanDays),
      );
    }
    for (const actor of activity.actors)
      for (const column of ["interactions", "stageMoves", "wins", "followUpsCompleted", "complaintsHandled"])
        expect(await page.getByTestId(`activity-${actor.actorId}-${column}`).getAttribute("data-value")).toBe(
          String(actor[column]),
        );
    await closeWithoutConsoleErrors(opened);
  });

  it("given a window typed in, when the dashboards answer, then the cohort and the transitions are the API's for that window", async () => {
    // The browser runs in UTC here: the window is January's first day to its last, inclusive.
    const window = "from=2026-01-01T00:00:00.000Z&to=2026-02-01T00:00:00.000Z";
    const [funnel, lifecycle] = await Promise.all([
      crm.api("analyst").get(`/views/funnel?${window}`),
      crm.api("analyst").get(`/views/lifecycle?${window}`),
    ]);
    const opened = await crm.signedIn("analyst");
    const { page } = opened;
    await page.getByTestId("funnel-reached-lead").waitFor();
    await page.getByLabel("Window from").fill("2026-01-01");
    await page.getByLabel("Window to").fill("2026-01-31");

    await funnelShowsReached(opened, "lead", funnel.stages[0].reached);
    for (const row of funnel.stages) await funnelShowsReached(opened, row.stage, row.reached);
    const transitions = page.getByTestId("lifecycle").locator("table tbody tr");
    await page.waitForFunction(
      (count) => document.querySelectorAll('[data-testid="lifecycle"] table tbody tr').length === count,
      lifecycle.transitions.length,
    );
    expect(await transitions.count()).toBe(lifecycle.transitions.length);
    await closeWithoutConsoleErrors(opened);
  });
});
