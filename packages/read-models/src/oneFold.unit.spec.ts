import { type Customer, foldCustomer, lifecycleOf, type RecordedCustomerEvent } from "@crm/domain";
import { applyToFacts, type CustomerFacts, customerSnapshot } from "@crm/views";
import { randomHistory } from "@crm/views/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CustomerSummary, customerSummaryProjection } from "./customerSummary.ts";

// One fold of the customer's rules: the domain's evolveCustomer (through foldCustomer, in
// business-time order) says what a customer is. The read models keep their own documents
// (plain JSON, folded in revision order, redeliveries ignored), so they restate parts of
// that fold; this holds each of them to the domain's answer over random histories the CRM
// could really record (skips, win-backs, back-dated calls, late referral credits).

const byCustomer = (events: readonly RecordedCustomerEvent[]) => {
  const histories = new Map<string, RecordedCustomerEvent[]>();
  for (const event of [...events].sort((a, b) => a.revision - b.revision))
    histories.set(event.customerId, [...(histories.get(event.customerId) ?? []), event]);
  return histories;
};

/** A fold as the projector runs it: revision order, each event possibly seen twice. */
const projected =
  <Document>(apply: (document: Document | null, event: RecordedCustomerEvent) => Document | null) =>
  (events: readonly RecordedCustomerEvent[]) =>
    events.flatMap((event) => [event, event]).reduce<Document | null>(apply, null);

const summaryOf = projected<CustomerSummary>(customerSummaryProjection.apply);
const factsOf = projected<CustomerFacts>(applyToFacts);

/** The profile facts search and export show (companySize and referredBy are not among them). */
const summaryFieldsOf = (profile: Customer["profile"]) => {
  const { companySize: _size, referredBy: _referrer, customerId: _id, ...shown } = profile;
  return shown;
};

const openComplaints = (customer: Customer) =>
  [...customer.complaints.values()].filter((complaint) => complaint.status !== "resolved").length;

describe("the read models' folds agree with evolveCustomer", () => {
  it("given any history, when the customer summary and the views' facts are projected, then they say what the domain's fold says", () => {
    fc.assert(
      fc.property(randomHistory, (events) => {
        for (const [customerId, history] of byCustomer(events)) {
          const customer = foldCustomer(history);
          const summary = summaryOf(history);
          const facts = factsOf(history);
          if (!customer || !summary || !facts) throw new Error(`customer ${customerId} was not folded`);
          const lifecycle = lifecycleOf(customer);
          expect(summary, customerId).toMatchObject({
            customerId,
            ...summaryFieldsOf(customer.profile),
            createdAt: customer.createdAt,
            ownerId: customer.ownerId,
            stage: customer.stage,
            everWon: customer.everWon,
            expectedValue: customer.expectedValue,
            orders: customer.orders,
            revenue: customer.revenue,
            referrals: customer.creditedReferrals.size,
            openComplaints: openComplaints(customer),
            lifecycle,
          });
          expect(customerSnapshot(facts), customerId).toMatchObject({
            stage: customer.stage,
            everWon: customer.everWon,
            ownerId: customer.ownerId,
            expectedValue: customer.expectedValue,
            orders: customer.orders,
            lifecycle,
          });
          expect(facts.orders.reduce((sum, order) => sum + order.amount, 0)).toBeCloseTo(customer.revenue, 2);
        }
      }),
      { numRuns: 300 },
    );
  });
});
