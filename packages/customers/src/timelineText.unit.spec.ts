import { CUSTOMER_EVENT_TYPES, type RecordedCustomerEvent } from "@crm/domain";
import { describe, expect, it } from "vitest";
import { TIMELINE_LOCALES, timelineText } from "./timelineText.ts";

// Contract 9.5: every event reads as one line of business facts, in English and Chinese.

const id = "5a2b3c4d-1e2f-4a5b-8c7d-9e0f1a2b3c4d";
const SAMPLES: Record<string, unknown> = {
  LeadCreated: { name: "Li Lei", company: "北京移动", source: "web" },
  StageAdvanced: {
    from: "negotiation",
    to: "lost",
    amount: null,
    lostReason: "price",
    lostNote: "too dear",
    note: null,
  },
  InteractionLogged: {
    channel: "visit",
    direction: "outbound",
    summary: "demo on site",
    outcome: "positive",
    department: "sales",
  },
  ComplaintFiled: { category: "billing", severity: "critical", description: "charged twice" },
  ComplaintAcknowledged: { apologized: true, note: null },
  ComplaintResolved: { resolution: "refunded", compensation: 20, preventiveAction: null },
  PurchaseRecorded: { orderId: "SO-9", amount: 99.5, product: null },
  OwnerAssigned: { ownerId: null, previousOwnerId: "rep-1", reason: "idle", note: null },
  ReferralCredited: { referredCustomerId: id },
  FollowUpScheduled: {
    followUpId: id,
    title: "Send the quote",
    dueAt: "2026-12-01T09:00:00.000Z",
    assigneeId: "rep-2",
    note: null,
  },
  FollowUpCompleted: { followUpId: id, outcome: null, note: "sent" },
  ProfileUpdated: { changes: { phone: { from: null, to: "+86 138 0013 8000" } } },
  CustomerMerged: { duplicateId: id, note: "同一家公司" },
  MergedInto: { customerId: id },
  DuplicateDismissed: { candidateId: id },
  ConsentRecorded: { purpose: "marketing_email", granted: true, source: "web form" },
  PersonalDataErased: { reason: "data subject request" },
};

const eventOf = (type: string, data: unknown) =>
  ({
    type,
    data,
    occurredAt: "2026-11-01T00:00:00.000Z",
    metadata: { actor: { id: "rep-1", role: "sales" } },
  }) as unknown as RecordedCustomerEvent;
const context = { followUpTitles: new Map([[id, "Send the quote"]]) };

describe("timeline lines", () => {
  it.each(CUSTOMER_EVENT_TYPES)(
    "given a %s, then it reads as words in both languages, never as its type name",
    (type) => {
      expect(SAMPLES[type], `add a sample ${type} here and its line to timelineText.ts`).toBeDefined();
      for (const locale of TIMELINE_LOCALES) {
        const line = timelineText(eventOf(type, SAMPLES[type]), locale, context);
        expect(line).not.toBe(type);
        expect(line).not.toMatch(/[0-9a-f]{64}/);
      }
    },
  );

  it("given examples of the contract, then the lines read as it writes them", () => {
    const line = (type: string, data: unknown, locale: "en" | "zh-CN" = "en") =>
      timelineText(eventOf(type, data), locale, context);
    expect(
      line("StageAdvanced", {
        from: "proposal",
        to: "won",
        amount: 4800,
        lostReason: null,
        lostNote: null,
        note: null,
      }),
    ).toBe("stage proposal -> won, 4800.00");
    expect(
      line("InteractionLogged", {
        channel: "call",
        direction: "inbound",
        summary: "asked for a quote",
        outcome: null,
      }),
    ).toBe("call inbound: asked for a quote");
    expect(line("ProfileUpdated", { changes: { email: { from: "li@a.cn", to: "li@b.cn" } } })).toBe(
      "email li@a.cn -> li@b.cn",
    );
    expect(line("FollowUpCompleted", SAMPLES.FollowUpCompleted, "zh-CN")).toBe(
      "跟进「Send the quote」已完成：sent",
    );
    expect(line("OwnerAssigned", SAMPLES.OwnerAssigned, "zh-CN")).toBe("rep-1 名下无跟进，自动退回公海");
    expect(line("CustomerMerged", { duplicateId: id, note: null })).toBe(
      `merged duplicate ${id} into this customer`,
    );
  });
});
