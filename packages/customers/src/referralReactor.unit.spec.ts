import { customerStreamName } from "@crm/domain";
import { inMemoryCheckpoints, inMemoryEventStore } from "@crm/event-store";
import { checkpointsWithOutages, withOutages } from "@crm/event-store/testing";
import { stopAfterEach } from "@crm/testing/specs";
import { describe, expect, it, vi } from "vitest";
import { startReferralReactor } from "./referralReactor.ts";
import { salesDesk } from "./testing/salesDesk.ts";

// Contract section 3: a referred lead credits its referrer, exactly once, whatever fails in between.

const until = { timeout: 8_000, interval: 20 };

const setUp = () => {
  const events = withOutages(inMemoryEventStore());
  const readStore = checkpointsWithOutages(inMemoryCheckpoints());
  const desk = salesDesk({ eventStore: events.eventStore });
  const errors: unknown[] = [];
  const start = () =>
    startReferralReactor({
      eventStore: events.eventStore,
      checkpoints: readStore.checkpoints,
      runCommand: desk.runCommand,
      onError: (error) => errors.push(error),
    });
  const credits = async (referrerId: string) =>
    (await events.eventStore.readStream(customerStreamName(referrerId))).filter(
      (event) => event.type === "ReferralCredited",
    ).length;
  return { events, readStore, desk, errors, start, credits };
};

describe("the referral reactor", () => {
  const started = stopAfterEach();

  it("given a referred lead, when the reactor runs, then the referrer is credited once", async () => {
    const { desk, start, credits } = setUp();
    const referrer = await desk.createLead();
    await desk.createLead({ referredBy: referrer });

    const reactor = started(start());
    await reactor.caughtUp;

    expect(await credits(referrer)).toBe(1);
  });

  it("given the read store is down at start, when it comes back, then the reactor catches up and credits", async () => {
    const { desk, readStore, start, credits, errors } = setUp();
    const referrer = await desk.createLead();
    await desk.createLead({ referredBy: referrer });
    readStore.goDown();

    const reactor = started(start());
    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0), until);
    readStore.comeBack();

    await reactor.caughtUp;
    expect(await credits(referrer)).toBe(1);
  });

  it("given the subscription drops while the read store is down, when both come back, then later referrals are credited", async () => {
    const { desk, events, readStore, start, credits, errors } = setUp();
    const referrer = await desk.createLead();
    const reactor = started(start());
    await reactor.caughtUp;

    readStore.goDown();
    events.goDown();
    // Long enough for restarts to be tried, and to fail, while both are down.
    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(2), until);
    events.comeBack();
    readStore.comeBack();
    await desk.createLead({ referredBy: referrer });

    await vi.waitFor(async () => expect(await credits(referrer)).toBe(1), until);
  });
});
