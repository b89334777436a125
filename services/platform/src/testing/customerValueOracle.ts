import type { CustomerNow } from "./oracleCustomer.ts";
import { type Cut, customersAt, isoOf, windowOf } from "./oracleCut.ts";
import type { CustomerFacts } from "./oracleFacts.ts";
import { DAY_MS, days, money, ratio, sum } from "./oracleNumbers.ts";

// Contract section 5, "Customer value": RFM with first-equal ties, the pyramid's tiers, Pareto.

type Tier = "top" | "growth" | "low" | "negative";

/** floor(5 * i / n) + 1, i the 0-based index of the first equal value, sorted ascending by goodness. */
const scores = (goodness: readonly number[]): number[] => {
  const sorted = [...goodness].sort((a, b) => a - b);
  return goodness.map((value) => Math.floor((5 * sorted.indexOf(value)) / goodness.length) + 1);
};

export const customerValueOracle = (all: readonly CustomerFacts[], cut: Cut) => {
  const asOf = cut.asOf;
  const buyers = customersAt(all, cut)
    .map(({ now }) => now)
    .filter((now) => now.orders.length > 0);
  const rows = buyers.map((now: CustomerNow) => {
    const revenue = money(sum(now.orders.map((order) => order.amount)));
    const compensation = money(sum([...now.complaints.values()].map((complaint) => complaint.compensation)));
    const lastOrderAt = Math.max(...now.orders.map((order) => order.at));
    const revenueBetween = (newer: number, older: number) =>
      sum(
        now.orders
          .filter((order) => order.at > asOf - older * DAY_MS && order.at <= asOf - newer * DAY_MS)
          .map((order) => order.amount),
      );
    return {
      customerId: now.customerId,
      revenue,
      compensation,
      netValue: money(revenue - compensation),
      orders: now.orders.length,
      lastOrderAt: isoOf(lastOrderAt),
      recencyDays: days(asOf - lastOrderAt),
      growing: revenueBetween(0, 90) > revenueBetween(90, 180),
    };
  });
  // Goodness ascending: a smaller recencyDays is better, so R sorts on its negation.
  const r = scores(rows.map((row) => -row.recencyDays));
  const f = scores(rows.map((row) => row.orders));
  const m = scores(rows.map((row) => row.revenue));
  const positives = rows
    .map((row) => row.netValue)
    .filter((value) => value > 0)
    .sort((a, b) => b - a);
  const kthLargest = positives[Math.ceil(0.2 * positives.length) - 1] ?? Number.POSITIVE_INFINITY;
  const tierOf = (row: (typeof rows)[number]): Tier => {
    if (row.netValue < 0) return "negative";
    if (row.netValue > 0 && row.netValue >= kthLargest) return "top";
    if (row.netValue > 0 && row.growing) return "growth";
    return "low";
  };
  const customers = rows
    .map(({ growing: _growing, ...row }, index) => ({
      ...row,
      rfm: { r: r[index] as number, f: f[index] as number, m: m[index] as number },
      tier: tierOf(rows[index] as (typeof rows)[number]),
    }))
    .sort((a, b) => b.netValue - a.netValue || (a.customerId < b.customerId ? -1 : 1));
  const totalRevenue = money(sum(customers.map((row) => row.revenue)));
  const topCustomers = Math.ceil(0.2 * customers.length);
  const topRevenue = sum(
    customers
      .map((row) => row.revenue)
      .sort((a, b) => b - a)
      .slice(0, topCustomers),
  );
  const tierSummary = (tier: Tier) => {
    const inTier = customers.filter((row) => row.tier === tier);
    return { customers: inTier.length, revenue: money(sum(inTier.map((row) => row.revenue))) };
  };
  const listed = customers.filter((row) => cut.query.tier === undefined || row.tier === cut.query.tier);
  return {
    asOf: isoOf(asOf),
    window: windowOf(cut.query),
    customers: cut.query.limit === undefined ? listed : listed.slice(0, cut.query.limit),
    summary: {
      tiers: {
        top: tierSummary("top"),
        growth: tierSummary("growth"),
        low: tierSummary("low"),
        negative: tierSummary("negative"),
      },
      totalRevenue,
      pareto: { topCustomers, revenueShare: ratio(topRevenue, totalRevenue) },
    },
  };
};
