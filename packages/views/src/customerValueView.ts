import { daysBefore, instant } from "./businessTime.ts";
import type { CustomerFacts } from "./customerFacts.ts";
import { customersAsOf } from "./customersAsOf.ts";
import { days, ratio, sumMoney } from "./figures.ts";
import { keptPerFacts } from "./keptPerFacts.ts";
import { rfmScores } from "./rfmScores.ts";
import { compareText } from "./textOrder.ts";
import { topThreshold, VALUE_TIERS, type ValueTier, valueTier } from "./valueTiers.ts";
import { type AnsweredCut, type CustomerFilter, resolveCut, type ViewCut } from "./viewParams.ts";

/** `tier` and `limit` narrow the listed customers, never the summary. */
export type CustomerValueParams = ViewCut & CustomerFilter & { tier?: ValueTier; limit?: number };

export type CustomerValue = {
  customerId: string;
  revenue: number;
  compensation: number;
  netValue: number;
  orders: number;
  lastOrderAt: string;
  recencyDays: number;
  rfm: { r: number; f: number; m: number };
  tier: ValueTier;
};

export type CustomerValueAnswer = AnsweredCut & {
  customers: CustomerValue[];
  summary: {
    tiers: Record<ValueTier, { customers: number; revenue: number }>;
    totalRevenue: number;
    pareto: { topCustomers: number; revenueShare: number | null };
  };
};

const GROWTH_PERIOD_DAYS = 90;

export const customerValueView = (
  documents: readonly CustomerFacts[],
  params: CustomerValueParams,
): CustomerValueAnswer => {
  const cut = resolveCut({ asOf: params.asOf, now: params.now });
  const paying = customersAsOf(documents, cut.asOf, params)
    .map(({ facts }) => facts)
    .filter((facts) => facts.orders.length > 0)
    .map((facts) => valueFigures(facts, cut.asOf));

  const threshold = topThreshold(paying.map((customer) => customer.netValue));
  // RFM ties compare the figures as answered (recencyDays to 2 decimals), so equal-looking
  // customers always share a score.
  const r = rfmScores(
    paying.map((customer) => customer.recencyDays),
    (recencyDays) => -recencyDays,
  );
  const f = rfmScores(paying.map((customer) => customer.orders));
  const m = rfmScores(paying.map((customer) => customer.revenue));
  const valued: CustomerValue[] = paying
    .map(({ recentRevenue, previousRevenue, ...customer }, index) => ({
      ...customer,
      rfm: { r: r[index]!, f: f[index]!, m: m[index]! },
      tier: valueTier({ netValue: customer.netValue, recentRevenue, previousRevenue }, threshold),
    }))
    .sort((a, b) => b.netValue - a.netValue || compareText(a.customerId, b.customerId));

  const listed = valued.filter((customer) => params.tier === undefined || customer.tier === params.tier);
  return {
    ...cut.answered,
    customers: params.limit === undefined ? listed : listed.slice(0, params.limit),
    summary: summaryOf(valued),
  };
};

const valueFigures = (facts: CustomerFacts, asOf: number) => {
  const { orderInstants, ...figures } = ordersOf(facts);
  const recent = daysBefore(asOf, GROWTH_PERIOD_DAYS);
  const previous = daysBefore(recent.after, GROWTH_PERIOD_DAYS);
  const revenueIn = (period: typeof recent) =>
    sumMoney(
      facts.orders.flatMap((order, index) =>
        orderInstants[index]! > period.after && orderInstants[index]! <= period.upTo ? [order.amount] : [],
      ),
    );
  return {
    ...figures,
    recencyDays: days(asOf - orderInstants.at(-1)!),
    recentRevenue: revenueIn(recent),
    previousRevenue: revenueIn(previous),
  };
};

/** What a customer's orders are worth whatever the day: kept beside the facts. */
const ordersOf = keptPerFacts((facts) => {
  const revenue = sumMoney(facts.orders.map((order) => order.amount));
  const compensation = sumMoney(facts.complaints.map((complaint) => complaint.compensation ?? 0));
  return {
    customerId: facts.customerId,
    revenue,
    compensation,
    netValue: sumMoney([revenue, -compensation]),
    orders: facts.orders.length,
    lastOrderAt: facts.orders.at(-1)!.occurredAt,
    orderInstants: facts.orders.map((order) => instant(order.occurredAt)),
  };
});

const summaryOf = (customers: readonly CustomerValue[]): CustomerValueAnswer["summary"] => {
  const tiers = Object.fromEntries(
    VALUE_TIERS.map((tier) => {
      const inTier = customers.filter((customer) => customer.tier === tier);
      return [
        tier,
        { customers: inTier.length, revenue: sumMoney(inTier.map((customer) => customer.revenue)) },
      ];
    }),
  ) as CustomerValueAnswer["summary"]["tiers"];
  const totalRevenue = sumMoney(customers.map((customer) => customer.revenue));
  const topCustomers = Math.ceil(customers.length / 5);
  const topRevenue = sumMoney(
    customers
      .map((customer) => customer.revenue)
      .sort((a, b) => b - a)
      .slice(0, topCustomers),
  );
  return { tiers, totalRevenue, pareto: { topCustomers, revenueShare: ratio(topRevenue, totalRevenue) } };
};
