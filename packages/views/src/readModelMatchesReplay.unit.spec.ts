import {
  type Customer,
  foldCustomer,
  LIFECYCLE_STAGES,
  type LifecycleStage,
  lifecycleOf,
  roundMoney,
} from "@crm/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyToFacts } from "./applyToFacts.ts";
import { churnView } from "./churnView.ts";
import type { CustomerFacts } from "./customerFacts.ts";
import { customerValueView } from "./customerValueView.ts";
import { funnelView } from "./funnelView.ts";
import { lifecycleView } from "./lifecycleView.ts";
import { replayFacts } from "./replayFacts.ts";
import { HISTORY_START, randomHistory } from "./testing/randomHistories.ts";
import { deliver, deliveryChoices, maintainDocuments } from "./testing/readModelDelivery.ts";

// Contract section 4: a view served from the maintained read model and the same view
// computed by replaying history must answer identically for the same cut.

const DAY = 86_400_000;
const instantNear = fc
  .integer({ min: -5, max: 400 })
  .map((days) => new Date(HISTORY_START + days * DAY).toISOString());
const viewParams = fc.record(
  {
    asOf: instantNear,
    from: instantNear,
    to: instantNear,
    ownerId: fc.constantFrom("alice", "bob"),
    source: fc.constantFrom("web", "referral"),
    region: fc.constantFrom("north", "south"),
    target: fc.integer({ min: 0, max: 100_000 }),
  },
  { requiredKeys: [] },
);
const now = new Date(HISTORY_START + 400 * DAY).toISOString();

describe("read model and replay", () => {
  it("give identical view answers for any history, delivery order and redeliveries", () => {
    fc.assert(
      fc.property(randomHistory, deliveryChoices, viewParams, (events, choices, params) => {
        const readModel = maintainDocuments<CustomerFacts>(deliver(events, choices), applyToFacts);
        const replayed = replayFacts(events);

        const byId = (a: CustomerFacts, b: CustomerFacts) => (a.customerId < b.customerId ? -1 : 1);
        expect([...readModel].sort(byId)).toEqual(replayed);
        const cut = { ...params, now };
        expect(funnelView(readModel, cut)).toEqual(funnelView(replayed, cut));
        expect(lifecycleView(readModel, cut)).toEqual(lifecycleView(replayed, cut));
        expect(churnView(readModel, cut)).toEqual(churnView(replayed, cut));
        expect(customerValueView(readModel, cut)).toEqual(customerValueView(replayed, cut));
      }),
      { numRuns: 150 },
    );
  });

  it("agree with the domain's own fold on where each customer stands as of any date, a merged pair as one", () => {
    fc.assert(
      fc.property(randomHistory, instantNear, (events, asOf) => {
        const expected = Object.fromEntries(LIFECYCLE_STAGES.map((stage) => [stage, 0])) as Record<
          LifecycleStage,
          number
        >;
        const customers = new Map<string, Customer>();
        for (const customerId of new Set(events.map((event) => event.customerId))) {
          const customer = foldCustomer(
            events.filter((e) => e.customerId === customerId && Date.parse(e.occurredAt) <= Date.parse(asOf)),
          );
          if (customer !== null) customers.set(customerId, customer);
        }
        // Contract 9.2: a duplicate merged by asOf lends its orders, revenue and referrals to the
        // end of its merge chain and is not counted itself.
        const survivorOf = (id: string): string => {
          const mergedInto = customers.get(id)?.mergedInto;
          return mergedInto && customers.has(mergedInto) ? survivorOf(mergedInto) : id;
        };
        const standing = new Map<string, { orders: number; revenue: number; referrals: Set<string> }>();
        for (const [id, customer] of customers) {
          const survivor = survivorOf(id);
          const figures = standing.get(survivor) ?? { orders: 0, revenue: 0, referrals: new Set<string>() };
          figures.orders += customer.orders;
          figures.revenue = roundMoney(figures.revenue + customer.revenue);
          for (const referral of customer.creditedReferrals) figures.referrals.add(referral);
          standing.set(survivor, figures);
        }
        const stages: Record<string, number> = {};
        const revenues: Record<string, number> = {};
        for (const [id, figures] of standing) {
          const customer = customers.get(id) as Customer;
          expected[
            lifecycleOf({ ...customer, orders: figures.orders, creditedReferrals: figures.referrals })
          ] += 1;
          stages[customer.stage] = (stages[customer.stage] ?? 0) + 1;
          if (figures.orders > 0) revenues[id] = figures.revenue;
        }
        const facts = replayFacts(events);

        expect(lifecycleView(facts, { now, asOf }).counts).toEqual(expected);
        const funnel = funnelView(facts, { now, asOf });
        for (const { stage, current } of funnel.stages) expect(current, stage).toBe(stages[stage] ?? 0);
        expect(funnel.lost).toBe(stages.lost ?? 0);
        const valued = customerValueView(facts, { now, asOf }).customers;
        expect(Object.fromEntries(valued.map((c) => [c.customerId, c.revenue]))).toEqual(revenues);
      }),
      { numRuns: 150 },
    );
  });

  it("hold merges and profile changes in the histories they check", () => {
    const sample = fc.sample(randomHistory, { numRuns: 200, seed: 7 }).flat();
    expect(sample.some((event) => event.type === "MergedInto")).toBe(true);
    expect(sample.some((event) => event.type === "ProfileUpdated")).toBe(true);
  });
});
