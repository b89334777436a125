import { createHash } from "node:crypto";
import { chainHash, GENESIS_HASH } from "@crm/domain";
import type { RecordedEvent } from "@crm/event-store";
import { beforeAll, describe, expect, it } from "vitest";
import { aComplaint, anInteraction, daysAgo } from "./testing/customerFixtures.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import { aLead } from "./testing/testPlatform.ts";

// Contract section 3: every event says who did it (actor), within which request (correlationId),
// because of which command (causationId, command), when it happened and when we learnt it
// (occurredAt, recordedAt), and links to its predecessor by hash.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Metadata = Record<string, unknown> & { hash: string; prevHash: string; eventId: string };
const metadataOf = (event: RecordedEvent) => event.metadata as Metadata;

/** Canonical JSON written out independently of the code under test: keys sorted at every level. */
const sortedJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(",")}]`;
  if (value !== null && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${sortedJson((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  return JSON.stringify(value);
};
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("event metadata", () => {
  const crm = platformPerSuite();
  let customerId: string;
  let created: { correlation: string };
  const wonAt = daysAgo(1);
  beforeAll(async () => {
    const lead = await crm
      .as("sales")
      .post("/leads", aLead({ occurredAt: daysAgo(3) }), { "x-correlation-id": "onboarding-42" });
    customerId = lead.body.customerId;
    created = { correlation: String(lead.headers["x-correlation-id"]) };
    const sales = crm.as("sales");
    const service = crm.as("service");
    await sales.post(`/customers/${customerId}/stage`, { stage: "won", amount: 300, occurredAt: wonAt });
    await sales.post(`/customers/${customerId}/interactions`, anInteraction());
    const complaint = await service.post(`/customers/${customerId}/complaints`, aComplaint());
    const complaintUrl = `/customers/${customerId}/complaints/${complaint.body.complaintId}`;
    await service.post(`${complaintUrl}/acknowledge`, {});
    await service.post(`${complaintUrl}/resolve`, { resolution: "Replaced the item", compensation: 15.5 });
    await sales.post(`/customers/${customerId}/purchases`, { orderId: "SO-9", amount: 45 });
    await crm.admin.put(`/customers/${customerId}/owner`, { ownerId: "rep-2" });
  });

  it("given X-Correlation-Id, then the events carry it and the response echoes it", async () => {
    const [leadCreated] = await crm.customerStream(customerId);

    expect(created.correlation).toBe("onboarding-42");
    expect(leadCreated?.metadata).toMatchObject({ correlationId: "onboarding-42" });
  });

  it("given no X-Correlation-Id, then a new one is made per request, echoed back and recorded", async () => {
    const sales = crm.as("sales");
    const first = await sales.post(`/customers/${customerId}/interactions`, anInteraction());
    const second = await sales.post(`/customers/${customerId}/interactions`, anInteraction());

    const [one, two] = [first, second].map((reply) => String(reply.headers["x-correlation-id"]));
    expect(one).toMatch(UUID);
    expect(two).toMatch(UUID);
    expect(one).not.toBe(two);
    const stream = await crm.customerStream(customerId);
    expect(stream.find((event) => event.revision === first.body.revision)?.metadata.correlationId).toBe(one);
    expect(stream.find((event) => event.revision === second.body.revision)?.metadata.correlationId).toBe(two);
  });

  it.each([
    ["a control character", "trace\u0001id"],
    ["characters a header cannot carry", "追踪-7"],
  ])(
    "given an X-Correlation-Id with %s, then a new one is made rather than failing the request",
    async (_what, given) => {
      const reply = await crm.as("sales").post(`/customers/${customerId}/interactions`, anInteraction(), {
        "x-correlation-id": given,
      });

      expect(reply.status).toBe(201);
      expect(String(reply.headers["x-correlation-id"])).toMatch(UUID);
    },
  );

  it("then every event names its actor, its command and the command's id, each command its own", async () => {
    const stream = await crm.customerStream(customerId);

    expect(
      stream.slice(0, 8).map((event) => [event.type, event.metadata.command, event.metadata.actor]),
    ).toEqual([
      ["LeadCreated", "createLead", { id: "sales-actor", role: "sales" }],
      ["StageAdvanced", "advanceStage", { id: "sales-actor", role: "sales" }],
      ["InteractionLogged", "logInteraction", { id: "sales-actor", role: "sales" }],
      ["ComplaintFiled", "fileComplaint", { id: "service-actor", role: "service" }],
      ["ComplaintAcknowledged", "acknowledgeComplaint", { id: "service-actor", role: "service" }],
      ["ComplaintResolved", "resolveComplaint", { id: "service-actor", role: "service" }],
      ["PurchaseRecorded", "recordPurchase", { id: "sales-actor", role: "sales" }],
      ["OwnerAssigned", "assignOwner", { id: "admin-actor", role: "admin" }],
    ]);
    const causations = stream.map((event) => event.metadata.causationId);
    const eventIds = stream.map((event) => metadataOf(event).eventId);
    for (const id of [...causations, ...eventIds]) expect(id).toMatch(UUID);
    expect(new Set(causations).size).toBe(stream.length);
    expect(new Set(eventIds).size).toBe(stream.length);
    expect(eventIds).toEqual(stream.map((event) => event.eventId));
  });

  it("then occurredAt is the business time given (else now) and recordedAt the moment it was stored", async () => {
    const stream = await crm.customerStream(customerId);
    expect(stream[1]?.metadata).toMatchObject({ occurredAt: wonAt });
    expect(Date.parse(String(stream[1]?.metadata.recordedAt))).toBeGreaterThan(Date.parse(wonAt));

    crm.clock.set("2026-03-04T05:06:07.089Z");
    try {
      const reply = await crm.as("sales").post("/leads", aLead());
      const [event] = await crm.customerStream(reply.body.customerId);
      expect(event?.metadata).toMatchObject({
        occurredAt: "2026-03-04T05:06:07.089Z",
        recordedAt: "2026-03-04T05:06:07.089Z",
      });
    } finally {
      crm.clock.release();
    }
  });

  it("given a referred lead, then the referrer's credit names the reactor, the lead's request and the lead's event as its cause", async () => {
    const referred = await crm.as("sales").post("/leads", aLead({ referredBy: customerId }), {
      "x-correlation-id": "referral-7",
    });
    const credit = await crm.waitForEvent(
      (event) => event.type === "ReferralCredited" && event.streamName.endsWith(customerId),
    );
    const [leadCreated] = await crm.customerStream(referred.body.customerId);

    expect(credit.metadata).toMatchObject({
      actor: { id: "referral-reactor", role: "system" },
      command: "creditReferral",
      correlationId: "referral-7",
      causationId: leadCreated?.eventId,
      occurredAt: leadCreated?.metadata.occurredAt,
    });
  });

  it("then every customer stream is a hash chain: genesis first, each event linked to the one before", async () => {
    // Over the events as stored, personal fields encrypted (contract 10.1: the chain covers the stored form).
    const customerStreams = Map.groupBy(
      (await crm.allStoredEvents()).filter((event) => event.streamName.startsWith("crm-customer-")),
      (event) => event.streamName,
    );
    expect(customerStreams.size).toBeGreaterThanOrEqual(3);

    for (const events of customerStreams.values()) {
      let previousHash = GENESIS_HASH;
      for (const [index, event] of events.entries()) {
        const { hash, ...withoutHash } = metadataOf(event);
        expect(event.revision).toBe(index);
        expect(withoutHash.prevHash).toBe(previousHash);
        expect(hash).toMatch(/^[0-9a-f]{64}$/);
        expect(chainHash({ type: event.type, data: event.data, metadata: metadataOf(event) } as never)).toBe(
          hash,
        );
        expect(
          sha256(
            withoutHash.prevHash + sortedJson({ type: event.type, data: event.data, metadata: withoutHash }),
          ),
        ).toBe(hash);
        previousHash = hash;
      }
    }
    expect(GENESIS_HASH).toBe("0".repeat(64));
  });

  it("then a changed fact no longer matches its hash (the chain check can fail)", async () => {
    const [leadCreated] = await crm.customerStream(customerId);
    const { hash, ...withoutHash } = metadataOf(leadCreated as RecordedEvent);
    const tampered = { ...(leadCreated?.data as object), name: "Someone Else" };

    expect(
      sha256(
        withoutHash.prevHash + sortedJson({ type: "LeadCreated", data: tampered, metadata: withoutHash }),
      ),
    ).not.toBe(hash);
  });
});
