import { daysBefore, instant } from "./businessTime.ts";
import type { CustomerFacts } from "./customerFacts.ts";
import type { CustomerAsOf } from "./customersAsOf.ts";
import { keptPerFacts, latestOf, summedPerList } from "./keptPerFacts.ts";
import { SortedList } from "./sortedList.ts";
import { compareText } from "./textOrder.ts";

/** In the order the answer lists them (contract section 5). */
export const CHURN_RISKS = ["inactive", "open_severe_complaint", "repeated_complaints"] as const;
export type ChurnRisk = (typeof CHURN_RISKS)[number];

export type CustomerAtRisk = { customerId: string; risks: ChurnRisk[] };

const INACTIVE_AFTER_DAYS = 60;
const REPEATED_COMPLAINTS_DAYS = 90;
const REPEATED_COMPLAINTS = 3;

/** Paying customers (now `won`) showing a warning sign; the facts are cut at asOf. */
export const atRiskCustomers = (customers: readonly CustomerAsOf[], asOf: number): CustomerAtRisk[] => {
  // The facts are cut at asOf, so nothing in them is later than a period ending there: some
  // contact falls in the period exactly when the latest does. The win itself is an order, so a
  // customer won within 60 days is not inactive.
  const inactiveUpTo = daysBefore(asOf, INACTIVE_AFTER_DAYS).after;
  const complaintsAfter = daysBefore(asOf, REPEATED_COMPLAINTS_DAYS).after;
  // Most risks first, then by id: the won customers are kept in id order, so one list per count
  // of risks, joined, is the answer's order.
  const byCount: CustomerAtRisk[][] = [[], [], []];
  for (const won of wonById(customers, "")) {
    const inactive = won.latestContact <= inactiveUpTo;
    let recentComplaints = 0;
    for (const filedAt of won.complaintsFiled) if (filedAt > complaintsAfter) recentComplaints += 1;
    const repeated = recentComplaints >= REPEATED_COMPLAINTS;
    if (!inactive && !won.openSevereComplaint && !repeated) continue;
    const risks: ChurnRisk[] = [];
    if (inactive) risks.push("inactive");
    if (won.openSevereComplaint) risks.push("open_severe_complaint");
    if (repeated) risks.push("repeated_complaints");
    byCount[CHURN_RISKS.length - risks.length]!.push({ customerId: won.customerId, risks });
  }
  return byCount.flat();
};

type Won = { customerId: string } & ReturnType<typeof contactsOf>;

/** The customers `won` at the cut, by id, with what their risks are judged on; follows a change of the list. */
const wonById = summedPerList({
  empty: () => new SortedList<Won>((a, b) => compareText(a.customerId, b.customerId)),
  add: (won, { facts, snapshot }: CustomerAsOf, sign) => {
    if (snapshot.stage !== "won") return;
    const customer = { customerId: facts.customerId, ...contactsOf(facts) };
    if (sign === 1) won.add(customer);
    else won.remove(customer);
  },
  answer: (won) => [...won.inOrder()],
});

const contactsOf = keptPerFacts((facts: CustomerFacts) => ({
  latestContact: latestOf([...facts.interactions, ...facts.orders].map((entry) => instant(entry.occurredAt))),
  openSevereComplaint: facts.complaints.some(
    (complaint) =>
      complaint.resolvedAt === null && (complaint.severity === "high" || complaint.severity === "critical"),
  ),
  complaintsFiled: facts.complaints.map((complaint) => instant(complaint.filedAt)),
}));
