import { describe, expect, it } from "vitest";
import { customerValueView } from "./customerValueView.ts";
import { replayFacts } from "./replayFacts.ts";
import { customerHistory, customerIdOf, day } from "./testing/customerHistory.ts";
import { topThreshold } from "./valueTiers.ts";

// asOf day 200: the growth periods are (day 110, day 200] and (day 20, day 110].
const now = day(200);
const V1 = customerHistory(customerIdOf(1))
  .create(day(1))
  .advance("won", day(10), { amount: 1000 })
  .purchase(500, day(150))
  .purchase(500, day(190));
const V2 = customerHistory(customerIdOf(2)).create(day(2)).advance("won", day(30), { amount: 3000 });
const V3 = customerHistory(customerIdOf(3))
  .create(day(3))
  .advance("won", day(50), { amount: 500 })
  .fileComplaint("v3", "high", day(60))
  .acknowledge("v3", day(61))
  .resolve("v3", day(62), 800); // compensation above revenue: negative net value
const V4 = customerHistory(customerIdOf(4))
  .create(day(4))
  .advance("won", day(100), { amount: 200 })
  .purchase(200, day(190));
const V5 = customerHistory(customerIdOf(5)).create(day(5)).advance("won", day(120), { amount: 400 });
const V6 = customerHistory(customerIdOf(6)).create(day(6), { expectedValue: 9000 }); // no order: not listed
const V7 = customerHistory(customerIdOf(7))
  .create(day(1))
  .advance("won", day(5), { amount: 100 })
  .advance("lost", day(8), { lostReason: "no_value" }); // churned, but its order still counts

const facts = replayFacts([V1, V2, V3, V4, V5, V6, V7].flatMap((history) => history.events));

describe("customerValueView", () => {
  it("values every customer with an order, scores RFM and sorts the pyramid", () => {
    // R by recencyDays desc [V7 195, V2 170, V3 150, V5 80, V1 10, V4 10] -> i 0,1,2,3,4,4 (V4 ties V1)
    // F by orders asc [1,1,1,1 (V2 V3 V5 V7), 2 (V4), 3 (V1)] -> i 0,0,0,0,4,5
    // M by revenue asc [100 V7, 400 V4, 400 V5, 500 V3, 2000 V1, 3000 V2] -> i 0,1,1,3,4,5
    // score floor(5 i / 6) + 1: i 0 -> 1, 1 -> 1, 2 -> 2, 3 -> 3, 4 -> 4, 5 -> 5
    // top: 5 positive net values, k = ceil(0.2 x 5) = 1, so netValue >= 3000
    expect(customerValueView(facts, { now })).toEqual({
      asOf: now,
      window: { from: null, to: null },
      customers: [
        {
          customerId: customerIdOf(2),
          revenue: 3000,
          compensation: 0,
          netValue: 3000,
          orders: 1,
          lastOrderAt: day(30),
          recencyDays: 170,
          rfm: { r: 1, f: 1, m: 5 },
          tier: "top",
        },
        {
          customerId: customerIdOf(1),
          revenue: 2000,
          compensation: 0,
          netValue: 2000,
          orders: 3,
          lastOrderAt: day(190),
          recencyDays: 10,
          rfm: { r: 4, f: 5, m: 4 },
          tier: "growth", // 1000 in the last 90 days against 0 before
        },
        {
          customerId: customerIdOf(4), // ties V5 on netValue: customerId decides
          revenue: 400,
          compensation: 0,
          netValue: 400,
          orders: 2,
          lastOrderAt: day(190),
          recencyDays: 10,
          rfm: { r: 4, f: 4, m: 1 },
          tier: "low", // 200 in the last 90 days against 200 before: not growing
        },
        {
          customerId: customerIdOf(5),
          revenue: 400,
          compensation: 0,
          netValue: 400,
          orders: 1,
          lastOrderAt: day(120),
          recencyDays: 80,
          rfm: { r: 3, f: 1, m: 1 },
          tier: "growth", // 400 against 0
        },
        {
          customerId: customerIdOf(7),
          revenue: 100,
          compensation: 0,
          netValue: 100,
          orders: 1,
          lastOrderAt: day(5),
          recencyDays: 195,
          rfm: { r: 1, f: 1, m: 1 },
          tier: "low", // day 5 is in neither growth period
        },
        {
          customerId: customerIdOf(3),
          revenue: 500,
          compensation: 800,
          netValue: -300,
          orders: 1,
          lastOrderAt: day(50),
          recencyDays: 150,
          rfm: { r: 2, f: 1, m: 3 },
          tier: "negative",
        },
      ],
      summary: {
        tiers: {
          top: { customers: 1, revenue: 3000 },
          growth: { customers: 2, revenue: 2400 }, // V1 2000 + V5 400
          low: { customers: 2, revenue: 500 }, // V4 400 + V7 100
          negative: { customers: 1, revenue: 500 },
        },
        totalRevenue: 6400,
        // ceil(0.2 x 6) = 2 customers, V2 3000 + V1 2000: 5000 / 6400 = 0.78125
        pareto: { topCustomers: 2, revenueShare: 0.7813 },
      },
    });
  });

  it("narrows the listed customers by tier and limit, never the summary", () => {
    const all = customerValueView(facts, { now });
    const growth = customerValueView(facts, { now, tier: "growth" });
    expect(growth.customers.map((customer) => customer.customerId)).toEqual([
      customerIdOf(1),
      customerIdOf(5),
    ]);
    expect(growth.summary).toEqual(all.summary);
    const first = customerValueView(facts, { now, limit: 1 });
    expect(first.customers.map((customer) => customer.customerId)).toEqual([customerIdOf(2)]);
    expect(first.summary).toEqual(all.summary);
  });

  it("counts compensation only once the complaint is resolved by asOf", () => {
    const before = customerValueView(facts, { now, asOf: day(61) }).customers;
    // on day 61: V7 (day 5), V1 (day 10), V2 (day 30), V3 (day 50) have ordered; V3's complaint is not resolved yet
    expect(before.find((customer) => customer.customerId === customerIdOf(3))).toMatchObject({
      compensation: 0,
      netValue: 500,
      recencyDays: 11,
    });
    expect(before.map((customer) => customer.customerId)).toEqual([2, 1, 3, 7].map(customerIdOf));
  });

  it("sums money in cents", () => {
    const cents = customerHistory(customerIdOf(9))
      .create(day(1))
      .advance("won", day(2), { amount: 0.1 })
      .purchase(0.2, day(3));
    const [valued] = customerValueView(replayFacts(cents.events), { now }).customers;
    expect(valued?.revenue).toBe(0.3); // not 0.30000000000000004
  });

  it("answers no paying customers with an empty list and a null share", () => {
    expect(customerValueView(replayFacts(V6.events), { now })).toEqual({
      asOf: now,
      window: { from: null, to: null },
      customers: [],
      summary: {
        tiers: {
          top: { customers: 0, revenue: 0 },
          growth: { customers: 0, revenue: 0 },
          low: { customers: 0, revenue: 0 },
          negative: { customers: 0, revenue: 0 },
        },
        totalRevenue: 0,
        pareto: { topCustomers: 0, revenueShare: null },
      },
    });
  });
});

describe("topThreshold", () => {
  it("is the k-th largest positive net value, k = ceil(0.2 x count of positive ones)", () => {
    // 11 positive values: k = ceil(2.2) = 3 -> the third largest, 90; zero and negatives do not count
    const values = [100, 95, 90, 80, 70, 60, 50, 40, 30, 20, 10, 0, -5];
    expect(topThreshold(values)).toBe(90);
    expect(topThreshold([0, -1])).toBeNull();
  });
});
