import { roundMoney } from "@crm/domain";
import { type CustomerSummary, withLifecycle } from "./customerSummary.ts";

// Contract 9.2 for search and export (which answer "now"): a merged duplicate is left out, and its
// orders, revenue, referrals and open complaints count for its survivor (the end of a merge
// chain); the survivor's stage and profile stay its own.

export const mergedSummaries = (summaries: readonly CustomerSummary[]): CustomerSummary[] => {
  if (!summaries.some((summary) => summary.mergedInto)) return [...summaries];
  const byId = new Map(summaries.map((summary) => [summary.customerId, summary]));
  const survivorOf = (summary: CustomerSummary): CustomerSummary => {
    let current = summary;
    const seen = new Set([summary.customerId]);
    while (current.mergedInto) {
      const next = byId.get(current.mergedInto);
      if (next === undefined || seen.has(next.customerId)) break;
      seen.add(next.customerId);
      current = next;
    }
    return current;
  };
  const absorbed = new Map<string, CustomerSummary[]>();
  for (const summary of summaries) {
    const survivor = survivorOf(summary);
    if (survivor !== summary)
      absorbed.set(survivor.customerId, [...(absorbed.get(survivor.customerId) ?? []), summary]);
  }
  return summaries.flatMap((summary) => {
    if (survivorOf(summary) !== summary) return [];
    const duplicates = absorbed.get(summary.customerId);
    if (!duplicates) return [summary];
    const all = [summary, ...duplicates];
    return [
      withLifecycle({
        ...summary,
        orders: all.reduce((sum, one) => sum + one.orders, 0),
        revenue: roundMoney(all.reduce((sum, one) => sum + one.revenue, 0)),
        referredCustomerIds: all.flatMap((one) => one.referredCustomerIds),
        openComplaintIds: all.flatMap((one) => one.openComplaintIds),
      }),
    ];
  });
};
