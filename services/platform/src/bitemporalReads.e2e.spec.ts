import { beforeAll, describe, expect, it } from "vitest";
import { anInteraction, daysBefore, givenALead } from "./testing/customerFixtures.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";

// Contract section 4: `asOf` cuts business time (occurredAt <= asOf), `knownAt` cuts system time
// (recordedAt <= knownAt): "what did we know then". The platform's clock is set for each
// recording, so every recordedAt below is exactly the instant named.

describe("a customer read as of a business time and as known at a system time", () => {
  const crm = platformPerSuite();
  let id: string;
  const now = Date.now();
  const day = daysBefore(now);
  const halfDay = (n: number) => day(n - 0.5);
  const recorded = { lead: day(10), qualified: day(7), won: day(3), lateCall: day(1) };
  const happened = { lead: day(10), qualified: day(7), won: day(4), lateCall: day(8) };

  beforeAll(async () => {
    crm.clock.set(recorded.lead);
    id = await givenALead(crm, { occurredAt: happened.lead });
    crm.clock.set(recorded.qualified);
    await crm
      .as("sales")
      .post(`/customers/${id}/stage`, { stage: "qualified", occurredAt: happened.qualified });
    // The win is entered a day after it happened.
    crm.clock.set(recorded.won);
    await crm
      .as("sales")
      .post(`/customers/${id}/stage`, { stage: "won", amount: 900, occurredAt: happened.won });
    // A call from a week earlier, logged only yesterday.
    crm.clock.set(recorded.lateCall);
    await crm
      .as("sales")
      .post(`/customers/${id}/interactions`, anInteraction({ occurredAt: happened.lateCall }));
    crm.clock.release();
  });

  const customer = async (query = "") => (await crm.as("auditor").get(`/customers/${id}${query}`)).body;
  const historyTypes = async (query = "") => {
    const reply = await crm.as("auditor").get(`/customers/${id}/history${query}`);
    expect(reply.status).toBe(200);
    return (reply.body.events as Array<{ revision: number; type: string }>).map((e) => [e.revision, e.type]);
  };

  it("given no cut, then the whole history, each event with the recordedAt of its recording", async () => {
    const reply = await crm.as("auditor").get(`/customers/${id}/history`);

    expect(
      reply.body.events.map((e: { recordedAt: string; occurredAt: string }) => [e.occurredAt, e.recordedAt]),
    ).toEqual([
      [happened.lead, recorded.lead],
      [happened.qualified, recorded.qualified],
      [happened.won, recorded.won],
      [happened.lateCall, recorded.lateCall],
    ]);
    expect(await customer()).toMatchObject({ stage: "won", lifecycle: "customer", revision: 3 });
  });

  it("given asOf before the win, then the customer is qualified and the late-logged call is in the history", async () => {
    const asOf = `?asOf=${encodeURIComponent(day(6))}`;

    expect(await customer(asOf)).toMatchObject({
      stage: "qualified",
      lifecycle: "prospect",
      orders: 0,
      revision: 3,
    });
    expect(await historyTypes(asOf)).toEqual([
      [0, "LeadCreated"],
      [1, "StageAdvanced"],
      [3, "InteractionLogged"],
    ]);
  });

  it("given the same asOf known at a time before the call was logged, then the call is not in the answer", async () => {
    const cut = `?asOf=${encodeURIComponent(day(6))}&knownAt=${encodeURIComponent(day(2))}`;

    expect(await historyTypes(cut)).toEqual([
      [0, "LeadCreated"],
      [1, "StageAdvanced"],
    ]);
    expect(await customer(cut)).toMatchObject({ stage: "qualified", revision: 1 });
  });

  it("given knownAt after the win happened but before it was entered, then we did not know of it yet", async () => {
    const cut = `?knownAt=${encodeURIComponent(halfDay(4))}`;

    expect(await customer(cut)).toMatchObject({ stage: "qualified", orders: 0, revision: 1 });
    expect(await customer(`?asOf=${encodeURIComponent(halfDay(4))}`)).toMatchObject({
      stage: "won",
      orders: 1,
    });
  });

  it("given asOf or knownAt of now or later, then the answer is the current one", async () => {
    const current = await customer();
    const later = encodeURIComponent(new Date(now + 60_000).toISOString());

    expect(await customer(`?asOf=${later}&knownAt=${later}`)).toEqual(current);
  });

  it.each([
    ["asOf", day(11)],
    ["knownAt", day(11)],
  ])("given %s before the lead existed, then 404 not_found", async (cut, instant) => {
    const query = `?${cut}=${encodeURIComponent(instant)}`;

    expect((await crm.as("auditor").get(`/customers/${id}${query}`)).body).toMatchObject({
      error: "not_found",
    });
    expect((await crm.as("auditor").get(`/customers/${id}/history${query}`)).status).toBe(404);
  });

  it("given a time with an offset, then it is read as the instant it names", async () => {
    const utcPlusEight = new Date(Date.parse(day(6)) + 8 * 3600_000).toISOString().replace("Z", "+08:00");

    expect(await historyTypes(`?asOf=${encodeURIComponent(utcPlusEight)}`)).toEqual(
      await historyTypes(`?asOf=${encodeURIComponent(day(6))}`),
    );
  });
});
