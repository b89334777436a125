import { beforeAll, describe, expect, it } from "vitest";
import { anInteraction, daysBefore, givenALead } from "./testing/customerFixtures.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";

// Contract section 4: a back-dated interaction (a call logged days later) rewrites what
// happened as of a business time, but not what was known at a system time before it was
// logged. Checked on the customer read, its history, and the two views that depend on
// interactions: churn's daysToLoss (from the first interaction) and funnel's stale count.

describe("a back-dated interaction under asOf and knownAt, over HTTP", () => {
  const crm = platformPerSuite();
  let lostLead: string;
  let quietLead: string;
  const day = daysBefore();
  const q = (params: Record<string, string>) => `?${new URLSearchParams(params)}`;
  // The cut both answers are asked at: after everything happened, before the call was logged.
  const asOf = { asOf: day(5) };
  const knownAt = { knownAt: day(5) };
  // Windows open at the end: a `to` would also become the default asOf (contract section 5),
  // and the knownAt answers here are meant at the default asOf, now.
  const churnWindow = { from: day(40) };
  const funnelWindow = { from: day(61) };

  const customer = async (cut: Record<string, string>) =>
    (await crm.as("auditor").get(`/customers/${lostLead}${q(cut)}`)).body;
  const historyTypes = async (cut: Record<string, string>) =>
    (await crm.as("auditor").get(`/customers/${lostLead}/history${q(cut)}`)).body.events.map(
      (event: { type: string }) => event.type,
    );
  const daysToLoss = async (cut: Record<string, string>) =>
    (await crm.as("analyst").get(`/views/churn${q({ ...churnWindow, ...cut })}`)).body.daysToLoss;
  const stale = async (cut: Record<string, string>) =>
    (await crm.as("analyst").get(`/views/funnel${q({ ...funnelWindow, ...cut })}`)).body.stale;
  const answers = async () => ({
    customer: { asOf: await customer(asOf), knownAt: await customer(knownAt) },
    history: { asOf: await historyTypes(asOf), knownAt: await historyTypes(knownAt) },
    daysToLoss: { asOf: await daysToLoss(asOf), knownAt: await daysToLoss(knownAt) },
    stale: { asOf: await stale(asOf), knownAt: await stale(knownAt) },
  });
  let before: Awaited<ReturnType<typeof answers>>;
  let after: Awaited<ReturnType<typeof answers>>;

  beforeAll(async () => {
    const sales = crm.as("sales");
    // Every recording is stamped the day it happened, except the late calls below.
    crm.clock.set(day(30));
    lostLead = await givenALead(crm, { occurredAt: day(30) });
    crm.clock.set(day(60));
    quietLead = await givenALead(crm, { occurredAt: day(60) });
    crm.clock.set(day(10));
    await sales.post(`/customers/${lostLead}/stage`, {
      stage: "lost",
      lostReason: "price",
      occurredAt: day(10),
    });
    crm.clock.release();
    before = await answers();

    // Two days ago, two calls are logged that happened weeks earlier.
    crm.clock.set(day(2));
    await sales.post(`/customers/${lostLead}/interactions`, anInteraction({ occurredAt: day(25) }));
    await sales.post(`/customers/${quietLead}/interactions`, anInteraction({ occurredAt: day(20) }));
    crm.clock.release();
    after = await answers();
  });

  it("given the call not yet logged, then asOf and knownAt agree: lost 20 days after creation, the quiet lead stale", () => {
    expect(before.daysToLoss).toEqual({ asOf: { mean: 20, median: 20 }, knownAt: { mean: 20, median: 20 } });
    expect(before.stale).toEqual({ asOf: 1, knownAt: 1 });
    expect(before.customer.asOf).toMatchObject({ stage: "lost", revision: 1 });
    expect(before.history.asOf).toEqual(["LeadCreated", "StageAdvanced"]);
  });

  it("given the call logged late, then the asOf answers change: the loss counts from the call, the lead is not stale", () => {
    expect(after.daysToLoss.asOf).toEqual({ mean: 15, median: 15 });
    expect(after.stale.asOf).toBe(0);
    expect(after.customer.asOf).toMatchObject({ stage: "lost", revision: 2 });
    expect(after.history.asOf).toEqual(["LeadCreated", "StageAdvanced", "InteractionLogged"]);
  });

  it("given the call logged late, then the knownAt answers from before it was logged do not change", () => {
    expect(after.customer.knownAt).toEqual(before.customer.knownAt);
    expect(after.history.knownAt).toEqual(before.history.knownAt);
    expect(after.daysToLoss.knownAt).toEqual(before.daysToLoss.knownAt);
    expect(after.stale.knownAt).toEqual(before.stale.knownAt);
  });

  it("given knownAt after the call was logged, then it is known, as of any business time after it happened", async () => {
    const loggedCut = { knownAt: day(1), asOf: day(5) };

    expect(await daysToLoss(loggedCut)).toEqual({ mean: 15, median: 15 });
    expect(await stale(loggedCut)).toBe(0);
  });

  it("given no cut, then the maintained read models answer as the replay as of now does", async () => {
    const nowCut = { asOf: new Date().toISOString() };

    expect(await daysToLoss({})).toEqual(await daysToLoss(nowCut));
    expect((await crm.as("analyst").get(`/views/churn${q(churnWindow)}`)).body.daysToLoss).toEqual({
      mean: 15,
      median: 15,
    });
  });
});
