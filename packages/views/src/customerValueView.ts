import { daysBefore, instant } from "./businessTime.ts";
import type { CustomerFacts } from "./customerFacts.ts";
import type { CustomerAsOf } from "./customersAsOf.ts";
import { customersAsOf } from "./customersAsOf.ts";
import { days, ratio, sumMoney } from "./figures.ts";
import { keptPerFacts, summedPerList } from "./keptPerFacts.ts";
import { rfmScores, rfmScoresIn } from "./rfmScores.ts";
import { ascending, SortedList } from "./sortedList.ts";
import { compareText } from "./textOrder.ts";
import { topThresholdOfDescending, VALUE_TIERS, type ValueTier, valueTier } from "./valueTiers.ts";
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
  const paying = payingCustomers(customersAsOf(documents, cut.asOf, params), "");
  const { customers } = paying;
  const recent = daysBefore(cut.asOf, GROWTH_PERIOD_DAYS);
  const previous = daysBefore(recent.after, GROWTH_PERIOD_DAYS);
  const recencyDays = customers.map((customer) => days(cut.asOf - customer.lastOrderMs));
  // RFM ties compare the figures as answered (recencyDays to 2 decimals), so equal-looking
  // customers always share a score.
  const r = rfmScores(recencyDays, (days) => -days);
  const tiers = customers.map((customer) =>
    valueTier(
      {
        netValue: customer.netValue,
        recentRevenue: revenueIn(customer, recent),
        previousRevenue: revenueIn(customer, previous),
      },
      paying.threshold,
    ),
  );

  // Only the listed customers are written out: a page of a hundred costs a hundred.
  const listed: CustomerValue[] = [];
  for (let index = 0; index < customers.length; index++) {
    if (params.limit !== undefined && listed.length >= params.limit) break;
    if (params.tier !== undefined && tiers[index] !== params.tier) continue;
    const { lastOrderMs: _ms, orderInstants: _instants, orderCents: _cents, ...customer } = customers[index]!;
    listed.push({
      ...customer,
      recencyDays: recencyDays[index]!,
      rfm: { r: r[index]!, f: paying.f[index]!, m: paying.m[index]! },
      tier: tiers[index]!,
    });
  }
  return {
    ...cut.answered,
    customers: listed,
    summary: { tiers: tierSummary(customers, tiers), ...paying.summary },
  };
};

type Paying = ReturnType<typeof ordersOf>;

/**
 * The paying customers of a cut, in the answer's order (netValue desc, then id), with what does
 * not move with the cut's instant: their figures, F and M scores, the top threshold, the totals.
 * Kept sorted per customer so they follow a change of the list: a write costs a search and a
 * move in each sorted list, then one pass to score.
 */
const payingCustomers = summedPerList({
  empty: () => ({
    customers: new SortedList<Paying>(
      (a, b) => b.netValue - a.netValue || compareText(a.customerId, b.customerId),
    ),
    orders: new SortedList(ascending),
    revenues: new SortedList(ascending),
  }),
  add: (sum, { facts }: CustomerAsOf, sign) => {
    if (facts.orders.length === 0) return;
    const paying = ordersOf(facts);
    if (sign === 1) {
      sum.customers.add(paying);
      sum.orders.add(paying.orders);
      sum.revenues.add(paying.revenue);
    } else {
      sum.customers.remove(paying);
      sum.orders.remove(paying.orders);
      sum.revenues.remove(paying.revenue);
    }
  },
  answer: (sum) => {
    const customers = [...sum.customers.inOrder()];
    const revenues = sum.revenues.inOrder();
    return {
      customers,
      threshold: topThresholdOfDescending(customers.map((customer) => customer.netValue)),
      f: rfmScoresIn(
        customers.map((customer) => customer.orders),
        Float64Array.from(sum.orders.inOrder()),
      ),
      m: rfmScoresIn(
        customers.map((customer) => customer.revenue),
        Float64Array.from(revenues),
      ),
      summary: revenueSummary(revenues),
    };
  },
});

/** What a customer's orders are worth whatever the day: kept beside the facts. */
const ordersOf = keptPerFacts((facts) => {
  const revenue = sumMoney(facts.orders.map((order) => order.amount));
  const compensation = sumMoney(facts.complaints.map((complaint) => complaint.compensation ?? 0));
  const orderInstants = facts.orders.map((order) => instant(order.occurredAt));
  return {
    customerId: facts.customerId,
    revenue,
    compensation,
    netValue: sumMoney([revenue, -compensation]),
    orders: facts.orders.length,
    lastOrderAt: facts.orders.at(-1)!.occurredAt,
    lastOrderMs: orderInstants.at(-1)!,
    orderInstants,
    orderCents: facts.orders.map((order) => Math.round(order.amount * 100)),
  };
});

/** Revenue of the orders in a period, summed in whole cents as sumMoney does. */
const revenueIn = (
  { orderInstants, orderCents }: ReturnType<typeof ordersOf>,
  period: ReturnType<typeof daysBefore>,
): number => {
  let cents = 0;
  for (let index = 0; index < orderInstants.length; index++)
    if (orderInstants[index]! > period.after && orderInstants[index]! <= period.upTo)
      cents += orderCents[index]!;
  return cents / 100;
};

const tierSummary = (
  customers: readonly ReturnType<typeof ordersOf>[],
  tiers: readonly ValueTier[],
): CustomerValueAnswer["summary"]["tiers"] =>
  Object.fromEntries(
    VALUE_TIERS.map((tier) => {
      const inTier = customers.filter((_, index) => tiers[index] === tier);
      return [
        tier,
        { customers: inTier.length, revenue: sumMoney(inTier.map((customer) => customer.revenue)) },
      ];
    }),
  ) as CustomerValueAnswer["summary"]["tiers"];

/** From the revenues in ascending order: the total, and the share of the top fifth of customers. */
const revenueSummary = (ascendingRevenues: readonly number[]) => {
  const totalRevenue = sumMoney(ascendingRevenues);
  const topCustomers = Math.ceil(ascendingRevenues.length / 5);
  const topRevenue = sumMoney(ascendingRevenues.slice(ascendingRevenues.length - topCustomers));
  return { totalRevenue, pareto: { topCustomers, revenueShare: ratio(topRevenue, totalRevenue) } };
};
