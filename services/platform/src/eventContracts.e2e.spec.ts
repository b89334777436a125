import { readFileSync } from "node:fs";
import { CUSTOMER_EVENT_TYPES, toRecordedCustomerEvent } from "@crm/domain";
import { toCustomerEventMessage } from "@crm/event-contracts";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { aComplaint, anInteraction, daysAgo } from "./testing/customerFixtures.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import { aLead } from "./testing/testPlatform.ts";

// Contract section 6: the published JSON Schemas (the checked-in files a consumer
// downloads) accept every event the platform really produces, as stored and as the
// topic message it becomes. A schema stricter than the code would break consumers.

const published = (path: string) =>
  JSON.parse(readFileSync(new URL(import.meta.resolve(`@crm/event-contracts/schemas/${path}`)), "utf8"));

const validator = () => {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats.default(ajv);
  const message = ajv.compile(published("customer-event-message.schema.json"));
  const eventData = new Map<string, ReturnType<typeof ajv.compile>>();
  return {
    message: (value: unknown) => (message(value) ? null : ajv.errorsText(message.errors)),
    eventData: (type: string, version: number, value: unknown) => {
      const name = `${type}.v${version}`;
      const validate = eventData.get(name) ?? ajv.compile(published(`events/${name}.schema.json`));
      eventData.set(name, validate);
      return validate(value) ? null : ajv.errorsText(validate.errors);
    },
  };
};

describe("the published event schemas against what the platform produces", () => {
  const crm = platformPerSuite();

  beforeAll(async () => {
    const sales = crm.as("sales");
    const service = crm.as("service");
    const referrer = (
      await sales.post(
        "/leads",
        aLead({
          name: "上海星河科技",
          company: "上海星河科技有限公司",
          phone: "+86 138 0013 8000",
          region: "华东",
          industry: "software",
          companySize: "51-200",
          tags: ["vip", "华东"],
          ownerId: "rep-1",
          occurredAt: daysAgo(20),
        }),
      )
    ).body.customerId;
    const id = referrer as string;
    await sales.post(`/customers/${id}/interactions`, anInteraction({ occurredAt: daysAgo(19) }));
    await service.post(
      `/customers/${id}/interactions`,
      anInteraction({
        department: "service",
        outcome: "negative",
        durationSeconds: 95,
        occurredAt: daysAgo(18),
      }),
    );
    await sales.post(`/customers/${id}/stage`, {
      stage: "proposal",
      expectedValue: 5000.5,
      occurredAt: daysAgo(17),
    });
    await sales.post(`/customers/${id}/stage`, {
      stage: "won",
      amount: 4999.99,
      note: "签约",
      occurredAt: daysAgo(16),
    });
    await sales.post(`/customers/${id}/purchases`, {
      orderId: "SO-1",
      amount: 120,
      product: "扩容包",
      occurredAt: daysAgo(15),
    });
    const complaint = (
      await service.post(
        `/customers/${id}/complaints`,
        aComplaint({ channel: "email", occurredAt: daysAgo(14) }),
      )
    ).body.complaintId;
    await service.post(`/customers/${id}/complaints/${complaint}/acknowledge`, {
      apologized: true,
      note: "called back",
      occurredAt: daysAgo(13),
    });
    await service.post(`/customers/${id}/complaints/${complaint}/resolve`, {
      resolution: "Refunded shipping",
      compensation: 12.5,
      preventiveAction: "New courier",
      occurredAt: daysAgo(12),
    });
    await crm.as("admin").put(`/customers/${id}/owner`, { ownerId: null, occurredAt: daysAgo(11) });
    await sales.post(`/customers/${id}/stage`, {
      stage: "lost",
      lostReason: "competitor",
      lostNote: "moved to a rival",
      occurredAt: daysAgo(10),
    });
    await sales.post(`/customers/${id}/stage`, { stage: "qualified", occurredAt: daysAgo(9) });
    // Contract 9.3 / 9.4: the pool and follow-ups.
    await sales.post(`/customers/${id}/claim`, { occurredAt: daysAgo(8) });
    await sales.post(`/customers/${id}/release`, { note: "客户暂无预算", occurredAt: daysAgo(7) });
    const followUp = (
      await service.post(`/customers/${id}/follow-ups`, {
        title: "回访安装情况",
        dueAt: daysAgo(5),
        assigneeId: "sales-actor",
        note: "ask about the router",
        occurredAt: daysAgo(6),
      })
    ).body.followUpId;
    await sales.post(`/customers/${id}/follow-ups/${followUp}/complete`, {
      outcome: "positive",
      note: "all fine",
      occurredAt: daysAgo(5),
    });
    const plain = (await sales.post("/leads", { name: "Bo", source: "cold_call", companySize: 12 })).body
      .customerId;
    await sales.post(`/customers/${plain}/stage`, { stage: "lost", lostReason: "price" });
    await sales.post(`/customers/${id}/consents`, {
      purpose: "marketing_email",
      granted: true,
      source: "展会",
    });
    await sales.post("/leads", aLead({ referredBy: id }));
    await crm.waitForEvent((event) => event.type === "ReferralCredited");
    // contract 9.1 / 9.2: profile changes (every kind of value, cleared ones too), a dismissed pair, a merge
    await crm.as("service").send("PATCH", `/customers/${plain}`, {
      payload: { name: "Bo Li", companySize: "11-50", tags: ["新"], email: "bo@example.cn", region: null },
    });
    await crm
      .as("service")
      .send("PATCH", `/customers/${plain}`, { payload: { companySize: null, email: null } });
    await sales.post("/duplicates/dismiss", { customerId: plain, candidateId: id });
    await sales.post(`/customers/${id}/merge`, { duplicateId: plain, note: "同一客户" });
    // contract 10.1: erasure, last (an erased customer takes no more commands)
    await crm.as("admin").post(`/customers/${plain}/erasure`, { reason: "data subject request" });
  });

  it("given a realistic history, then every event type occurs in it", async () => {
    const types = new Set((await crm.allEvents()).map((event) => event.type));

    for (const type of CUSTOMER_EVENT_TYPES) expect(types).toContain(type);
  });

  // As the platform reads them (personal fields decrypted, erased ones as the contract says they read).
  it("given every customer event stored, then its data is valid against the schema of its type and version", async () => {
    const validate = validator();
    const customerEvents = (await crm.allEvents()).filter((event) =>
      event.streamName.startsWith("crm-customer-"),
    );
    // + profile changes, dismissal and merge (9.1, 9.2); claim, release, follow-up booked and done (9.3, 9.4);
    // consent and erasure (10.1, 10.2)
    expect(customerEvents).toHaveLength(16 + 5 + 4 + 2);

    for (const event of customerEvents) {
      const { schemaVersion } = event.data as { schemaVersion: number };
      expect(validate.eventData(event.type, schemaVersion, event.data), `${event.type}`).toBeNull();
    }
  });

  it("given every customer event, then the topic message it becomes is valid against the message schema", async () => {
    const validate = validator();
    const messages = (await crm.allEvents()).flatMap((stored) => {
      const event = toRecordedCustomerEvent(stored);
      return event ? [toCustomerEventMessage(event)] : [];
    });

    for (const message of messages) expect(validate.message(message), message.type).toBeNull();
    expect(messages.filter((m) => m.type === "InteractionLogged").map((m) => m.schemaVersion)).toEqual([
      2, 2,
    ]);
  });
});
