import { daysBefore, instant, isInDaysBefore } from "./businessTime.ts";
import type { CustomerFacts } from "./customerFacts.ts";
import type { CustomerAsOf } from "./customersAsOf.ts";
import { keptPerFacts, latestOf } from "./keptPerFacts.ts";
import { compareText } from "./textOrder.ts";

/** In the order the answer lists them (contract section 5). */
export const CHURN_RISKS = ["inactive", "open_severe_complaint", "repeated_complaints"] as const;
export type ChurnRisk = (typeof CHURN_RISKS)[number];

export type CustomerAtRisk = { customerId: string; risks: ChurnRisk[] };

const INACTIVE_AFTER_DAYS = 60;
const REPEATED_COMPLAINTS_DAYS = 90;
const REPEATED_COMPLAINTS = 3;

/** Paying customers (now `won`) showing a warning sign; the facts are cut at asOf. */
export const atRiskCustomers = (customers: readonly CustomerAsOf[], asOf: number): CustomerAtRisk[] =>
  customers
    .filter(({ snapshot }) => snapshot.stage === "won")
    .map(({ facts }) => ({
      customerId: facts.customerId,
      risks: CHURN_RISKS.filter((risk) => hasRisk[risk](facts, asOf)),
    }))
    .filter(({ risks }) => risks.length > 0)
    .sort((a, b) => b.risks.length - a.risks.length || compareText(a.customerId, b.customerId));

const hasRisk: Record<ChurnRisk, (facts: CustomerFacts, asOf: number) => boolean> = {
  // The win itself is an order, so a customer won within 60 days is not inactive.
  // The facts are cut at asOf: some contact falls in the period exactly when the latest does.
  inactive: (facts, asOf) => latestContactOf(facts) <= daysBefore(asOf, INACTIVE_AFTER_DAYS).after,
  open_severe_complaint: (facts) =>
    facts.complaints.some(
      (complaint) =>
        complaint.resolvedAt === null && (complaint.severity === "high" || complaint.severity === "critical"),
    ),
  repeated_complaints: (facts, asOf) => {
    const recent = daysBefore(asOf, REPEATED_COMPLAINTS_DAYS);
    return (
      facts.complaints.filter((complaint) => isInDaysBefore(complaint.filedAt, recent)).length >=
      REPEATED_COMPLAINTS
    );
  },
};

const latestContactOf = keptPerFacts((facts) =>
  latestOf([...facts.interactions, ...facts.orders].map((entry) => instant(entry.occurredAt))),
);
