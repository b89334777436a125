import type { RecordedEvent } from "@crm/event-store";
import { describe, expect, it } from "vitest";
import { daysAgo, givenALead, givenAWonCustomer } from "./testing/customerFixtures.ts";
import { platformPerTest } from "./testing/platformPerSuite.ts";

// Contract section 3: a lead created with referredBy credits its referrer with ReferralCredited,
// asynchronously and exactly once, whatever restarts happen around it.

describe("referral credits, exactly once", () => {
  const crm = platformPerTest();

  const referredBy = (referrerId: string, overrides: Record<string, unknown> = {}) =>
    givenALead(crm, { referredBy: referrerId, source: "referral", ...overrides });
  const isCreditFor = (referred: string) => (event: RecordedEvent) =>
    event.type === "ReferralCredited" &&
    (event.data as { referredCustomerId: string }).referredCustomerId === referred;
  const creditsOn = async (referrerId: string) =>
    (await crm.customerStream(referrerId))
      .filter((event) => event.type === "ReferralCredited")
      .map((event) => (event.data as { referredCustomerId: string }).referredCustomerId);

  it("given a referred lead, when the platform restarts at once (the reactor may not have run), then the referrer is credited exactly once", async () => {
    const referrer = await givenAWonCustomer(crm);
    const referred = await referredBy(referrer);

    await crm.restart();
    await crm.waitForEvent(isCreditFor(referred));

    expect(await creditsOn(referrer)).toEqual([referred]);
    await crm.restart();
    expect(await creditsOn(referrer)).toEqual([referred]);
  });

  it("given a credited referral, when the platform restarts twice, then it is still credited once", async () => {
    const referrer = await givenAWonCustomer(crm);
    const referred = await referredBy(referrer);
    await crm.waitForEvent(isCreditFor(referred));

    await crm.restart();
    await crm.restart();

    expect(await creditsOn(referrer)).toEqual([referred]);
    expect((await crm.as("sales").get(`/customers/${referrer}`)).body).toMatchObject({
      referrals: 1,
      lifecycle: "advocate",
    });
  });

  it("given credited referrals, when the read side is rebuilt (every checkpoint lost), then no referral is credited again", async () => {
    const referrer = await givenAWonCustomer(crm);
    const first = await referredBy(referrer);
    const second = await referredBy(referrer);
    await crm.waitForEvent(isCreditFor(second));

    await crm.restart({ forgetCheckpoints: true });

    expect((await creditsOn(referrer)).sort()).toEqual([first, second].sort());
    expect((await crm.as("sales").get(`/customers/${referrer}`)).body).toMatchObject({ referrals: 2 });
  });

  it("given a referred lead back-dated to before its referrer was entered, then the referral counts, once, even after a rebuild", async () => {
    const referrer = await givenAWonCustomer(crm);
    const referred = await referredBy(referrer, { occurredAt: daysAgo(30) });
    const credit = await crm.waitForEvent(isCreditFor(referred));
    expect(credit.metadata.occurredAt).toBe((await crm.customerStream(referred))[0]?.metadata.occurredAt);

    expect((await crm.as("sales").get(`/customers/${referrer}`)).body).toMatchObject({
      referrals: 1,
      lifecycle: "advocate",
    });
    await crm.restart({ forgetCheckpoints: true });
    expect(await creditsOn(referrer)).toEqual([referred]);
  });
});
