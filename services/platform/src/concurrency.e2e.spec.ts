import { stopAfterEach } from "@crm/testing/specs";
import { describe, expect, it } from "vitest";
import { aComplaint, anIdempotencyKey, anInteraction, givenALead } from "./testing/customerFixtures.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import { aLead, type Reply } from "./testing/testPlatform.ts";
import { expectOneWinnerOfTheRace } from "./testing/thenSteps.ts";

// Contract section 2: duplicates stay caught when creates race, and without If-Match the server
// settles concurrent writers itself: every command is accepted or refused for a stated reason,
// and nothing accepted is lost or recorded twice.

const CONTRACT_REFUSALS = [
  "invalid_transition",
  "out_of_order",
  "revision_mismatch",
  "conflict",
  "duplicate",
];

describe("concurrent requests", () => {
  const crm = platformPerSuite();
  /** Replicas a test starts, closed after it even when it failed. */
  const started = stopAfterEach();

  const leadsCreated = async (matches: (data: Record<string, unknown>) => boolean) =>
    (await crm.allEvents()).filter(
      (event) => event.type === "LeadCreated" && matches(event.data as Record<string, unknown>),
    );

  it("given 12 simultaneous creates with one email, then exactly one is 201 and the rest 409 duplicate of it", async () => {
    const email = `${crypto.randomUUID().slice(0, 8)}@race.example`;

    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        crm.as("sales").post("/leads", aLead({ email, name: `Racer ${i}` })),
      ),
    );

    expectOneWinnerOfTheRace(replies, 201);
    expect(await leadsCreated((data) => data.email === email)).toHaveLength(1);
  });

  it("given 12 simultaneous creates of one mobile written 4 ways, then exactly one is 201", async () => {
    const mobile = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
    const forms = [mobile, `+86 ${mobile}`, `0086${mobile}`, `86-${mobile}`];

    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, i) => crm.as("sales").post("/leads", aLead({ phone: forms[i % 4] }))),
    );

    expect(replies.filter((reply) => reply.status === 201)).toHaveLength(1);
    expect(replies.filter((reply) => reply.status === 409)).toHaveLength(11);
  });

  it("given 12 simultaneous creates with one client customerId and one body, then one lead exists and every answer is its 201", async () => {
    const customerId = crypto.randomUUID();
    const body = aLead({ customerId });

    const replies = await Promise.all(Array.from({ length: 12 }, () => crm.as("sales").post("/leads", body)));

    for (const reply of replies)
      expect(reply).toMatchObject({ status: 201, body: { customerId, revision: 0, possibleDuplicates: [] } });
    expect(await crm.customerStream(customerId)).toHaveLength(1);
    // The losers' clean-up must not give the winner's email, phone and name back.
    expect(await crm.as("sales").post("/leads", aLead({ email: body.email }))).toMatchObject({
      status: 409,
      body: { error: "duplicate", details: { duplicateOf: [customerId] } },
    });
    expect(await crm.as("sales").post("/leads", aLead({ company: body.company }))).toMatchObject({
      status: 409,
      body: { error: "duplicate", details: { duplicateOf: [customerId] } },
    });
  });

  it("given 5 simultaneous requests with one Idempotency-Key, then the command is recorded once and no answer differs", async () => {
    const id = await givenALead(crm);
    const key = anIdempotencyKey();
    const body = anInteraction();

    const replies = await Promise.all(
      Array.from({ length: 5 }, () => crm.as("sales").post(`/customers/${id}/interactions`, body, key)),
    );

    const accepted = replies.filter((reply) => reply.status === 201);
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    for (const reply of accepted) expect(reply.body).toEqual(accepted[0]?.body);
    for (const reply of replies.filter((r) => r.status !== 201))
      expect(reply).toMatchObject({ status: 409, body: { error: "conflict" } });
    expect((await crm.customerStream(id)).filter((event) => event.type === "InteractionLogged")).toHaveLength(
      1,
    );
  });

  it("given 200 simultaneous interactions and complaints on one customer without If-Match, then none is lost: revisions run 0..N and each accepted command is recorded exactly once", async () => {
    const id = await givenALead(crm);
    const commands: Array<() => Promise<Reply>> = Array.from({ length: 200 }, (_, i) =>
      i % 2 === 0
        ? () =>
            crm
              .as(i % 4 === 0 ? "sales" : "service")
              .post(`/customers/${id}/interactions`, anInteraction({ summary: `#${i}` }))
        : () => crm.as("service").post(`/customers/${id}/complaints`, aComplaint({ description: `#${i}` })),
    );

    const replies = await Promise.all(commands.map((command) => command()));

    const accepted = replies.filter((reply) => reply.status === 201);
    for (const reply of replies.filter((r) => r.status !== 201)) {
      expect(reply.status).toBeLessThan(500);
      expect(CONTRACT_REFUSALS).toContain(reply.body.error);
    }
    const stream = await crm.customerStream(id);
    expect(stream.map((event) => event.revision)).toEqual(stream.map((_, index) => index));
    expect(stream).toHaveLength(1 + accepted.length);
    for (const reply of accepted) {
      const recorded = stream.filter((event) => {
        const data = event.data as { interactionId?: string; complaintId?: string };
        return data.interactionId === reply.body.interactionId && data.complaintId === reply.body.complaintId;
      });
      expect(recorded.map((event) => event.revision)).toEqual([reply.body.revision]);
    }
    expect(new Set(accepted.map((reply) => reply.body.revision)).size).toBe(accepted.length);
  });

  it("given 10 simultaneous owner changes all sent with If-Match 0, then exactly one wins and the rest are 412", async () => {
    const id = await givenALead(crm);

    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        crm.as("sales").put(`/customers/${id}/owner`, { ownerId: `rep-${i}` }, { "if-match": '"0"' }),
      ),
    );

    expect(replies.filter((reply) => reply.status === 200)).toHaveLength(1);
    for (const reply of replies.filter((r) => r.status !== 200))
      expect(reply).toMatchObject({ status: 412, body: { error: "revision_mismatch" } });
    expect(await crm.customerStream(id)).toHaveLength(2);
  });

  describe("given two replicas of the platform on one event store", () => {
    it("when 100 interactions hit one customer through both at once, then each is accepted and recorded once at its own revision", async () => {
      const replica = started(await crm.startReplica());
      const id = await givenALead(crm);
      const replies = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          (i % 2 === 0 ? crm.as("sales") : replica.as("sales")).post(
            `/customers/${id}/interactions`,
            anInteraction({ summary: `#${i}` }),
          ),
        ),
      );

      for (const reply of replies) expect(reply.status).toBe(201);
      const stream = await crm.customerStream(id);
      expect(stream.map((event) => event.revision)).toEqual(stream.map((_, index) => index));
      expect(stream).toHaveLength(101);
      expect(new Set(replies.map((reply) => reply.body.revision))).toEqual(
        new Set(stream.slice(1).map((e) => e.revision)),
      );
    });

    it("when both take a command with the same If-Match at once, then exactly one is accepted", async () => {
      const replica = started(await crm.startReplica());
      const id = await givenALead(crm);
      const replies = await Promise.all(
        [crm, replica, crm, replica].map((platform, i) =>
          platform.as("sales").put(`/customers/${id}/owner`, { ownerId: `rep-${i}` }, { "if-match": '"0"' }),
        ),
      );

      expect(replies.map((reply) => reply.status).sort()).toEqual([200, 412, 412, 412]);
      expect(await crm.customerStream(id)).toHaveLength(2);
    });

    it("when 12 creates with one email race through both, then exactly one is 201", async () => {
      const replica = started(await crm.startReplica());
      const email = `${crypto.randomUUID().slice(0, 8)}@replicas.example`;
      const replies = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 === 0 ? crm : replica).as("sales").post("/leads", aLead({ email })),
        ),
      );

      expect(replies.map((reply) => reply.status).sort()).toEqual([201, ...Array(11).fill(409)]);
    });
  });
});
