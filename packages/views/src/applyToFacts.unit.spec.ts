import type { RecordedCustomerEvent } from "@crm/domain";
import { describe, expect, it } from "vitest";
import { applyToFacts } from "./applyToFacts.ts";
import type { CustomerFacts } from "./customerFacts.ts";
import { customerHistory, customerIdOf, day } from "./testing/customerHistory.ts";

const fold = (events: readonly RecordedCustomerEvent[]): CustomerFacts =>
  events.reduce<CustomerFacts | null>(applyToFacts, null)!;

const id = customerIdOf(1);
const referred = customerIdOf(2);

describe("applyToFacts", () => {
  it("keeps what the views need, in business time, as a plain JSON document", () => {
    const history = customerHistory(id)
      .create(day(1), { ownerId: "alice", region: "north", expectedValue: 1000 })
      .advance("proposal", day(3), { expectedValue: 1500 })
      .interact(day(4))
      .advance("won", day(5), { amount: 1200 })
      .purchase(300, day(6))
      .fileComplaint("k1", "high", day(7))
      .acknowledge("k1", day(7, 6))
      .resolve("k1", day(8), 50)
      .assignOwner(null, day(9));
    const facts = fold(history.events);

    expect(facts).toEqual({
      factsVersion: 1,
      customerId: id,
      revision: 8,
      createdAt: day(1),
      source: "web",
      region: "north",
      ownerId: null,
      referredBy: null,
      owners: [
        { occurredAt: day(1), revision: 0, ownerId: "alice" },
        { occurredAt: day(9), revision: 8, ownerId: null },
      ],
      expectedValues: [
        { occurredAt: day(1), revision: 0, expectedValue: 1000 },
        { occurredAt: day(3), revision: 1, expectedValue: 1500 },
      ],
      stageMoves: [
        { occurredAt: day(3), revision: 1, from: "lead", to: "proposal", amount: null, lostReason: null },
        { occurredAt: day(5), revision: 3, from: "proposal", to: "won", amount: 1200, lostReason: null },
      ],
      interactions: [{ occurredAt: day(4), revision: 2 }],
      orders: [
        { occurredAt: day(5), revision: 3, kind: "win", amount: 1200 },
        { occurredAt: day(6), revision: 4, kind: "purchase", amount: 300 },
      ],
      complaints: [
        {
          complaintId: "k1",
          revision: 5,
          filedAt: day(7),
          severity: "high",
          acknowledgedAt: day(7, 6),
          resolvedAt: day(8),
          compensation: 50,
        },
      ],
      referralCredits: [],
      mergedInto: null,
      regions: [expect.objectContaining({ revision: 0 })],
    });
    // What MongoDB stores and hands back is the same document: no Dates, Maps, Sets or bigints.
    expect(JSON.parse(JSON.stringify(facts))).toEqual(facts);
  });

  it("changes nothing when an event is delivered again", () => {
    const [created, moved, called] = customerHistory(id)
      .create(day(1))
      .advance("qualified", day(2))
      .interact(day(3)).events as [RecordedCustomerEvent, RecordedCustomerEvent, RecordedCustomerEvent];
    const once = fold([created, moved, called]);

    expect(fold([created, moved, moved, called])).toEqual(once);
    expect(fold([created, created, moved, called, called])).toEqual(once);
    // A stale redelivery behind newer events returns the very same document.
    expect(applyToFacts(once, moved)).toBe(once);
    expect(applyToFacts(once, created)).toBe(once);
  });

  it("files a back-dated interaction where it happened, not where it was logged", () => {
    const history = customerHistory(id)
      .create(day(1))
      .interact(day(5))
      .interact(day(10))
      .interact(day(3), day(11)); // logged on day 11, happened on day 3

    expect(fold(history.events).interactions).toEqual([
      { occurredAt: day(3), revision: 3 },
      { occurredAt: day(5), revision: 1 },
      { occurredAt: day(10), revision: 2 },
    ]);
  });

  it("files a late referral credit at the referred lead's creation", () => {
    const history = customerHistory(id)
      .create(day(1))
      .advance("won", day(2), { amount: 100 })
      .purchase(50, day(12))
      .creditReferral(referred, day(10), day(13));

    expect(fold(history.events).referralCredits).toEqual([
      { occurredAt: day(10), revision: 3, referredCustomerId: referred },
    ]);
  });

  it("keeps a stage move without an expectedValue from erasing the one given before", () => {
    const history = customerHistory(id)
      .create(day(1), { expectedValue: 700 })
      .advance("qualified", day(2))
      .advance("lost", day(3), { lostReason: "price" })
      .advance("lead", day(4));

    const facts = fold(history.events);
    expect(facts.expectedValues).toEqual([{ occurredAt: day(1), revision: 0, expectedValue: 700 }]);
    expect(facts.stageMoves.map(({ from, to, lostReason }) => ({ from, to, lostReason }))).toEqual([
      { from: "lead", to: "qualified", lostReason: null },
      { from: "qualified", to: "lost", lostReason: "price" },
      { from: "lost", to: "lead", lostReason: null },
    ]);
  });

  it("refuses events it cannot place: before the lead exists, or of another customer", () => {
    const [created, moved] = customerHistory(id).create(day(1)).advance("qualified", day(2)).events as [
      RecordedCustomerEvent,
      RecordedCustomerEvent,
    ];
    const other = customerHistory(referred).create(day(1)).advance("qualified", day(2)).events[1]!;

    expect(() => applyToFacts(null, moved)).toThrow(/before its LeadCreated/);
    expect(() => applyToFacts(applyToFacts(null, created), other)).toThrow(/applied to the facts of/);
  });
});
