import type { RecordedCustomerEvent } from "@crm/domain";
import { inMemoryEventStore } from "@crm/event-store";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import { appendRandomHistory, seededRandom } from "@crm/testing";
import { churnView, customerValueView, funnelView, lifecycleView, replayFacts } from "@crm/views";
import { historyDay, instantNear, randomHistory, windowAndFilters } from "@crm/views/testing";
import { deliver, deliveryChoices } from "@crm/views/testing/delivery";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { customerFactsProjection } from "./customerFactsProjection.ts";
import { projectBatch } from "./projectBatch.ts";
import { readAllCustomerEvents, viewQueries } from "./viewQueries.ts";

// Contract section 4, as the platform serves it: the views keep what they derived from the read
// model (the documents under their change mark, the cut customer lists, per-customer figures,
// answers with asOf) from one request to the next. Whatever the read model went through (batches,
// batches delivered twice, events delivered twice), each answer must be the one a replay of the
// same events gives for the same cut, at every step, and again when asked again.

const at = historyDay;
const viewParams = windowAndFilters;
// "Now" at the instant of one of the history's events (a cut that cuts, right at its edge) or after
// all of them: picks into the history, a fifth of them after it.
const clockPicks = fc.array(fc.nat(), { minLength: 1, maxLength: 4 });
const nowsIn = (events: readonly RecordedCustomerEvent[], picks: readonly number[]) =>
  picks.map((pick) =>
    pick % 5 === 0 || events.length === 0
      ? at(400)
      : new Date(Date.parse(events[pick % events.length]!.occurredAt)).toISOString(),
  );
const batches = fc.array(fc.record({ size: fc.integer({ min: 1, max: 12 }), twice: fc.boolean() }), {
  minLength: 1,
  maxLength: 30,
});

const answersOf = (views: ReturnType<typeof viewQueries>, params: object) =>
  Promise.all([
    views.funnel(params),
    views.lifecycle(params),
    views.churn(params),
    views.customerValue(params),
  ]);

const replayedAnswers = (events: readonly RecordedCustomerEvent[], params: object, now: string) => {
  const facts = replayFacts(events);
  const cut = { ...params, now };
  return [
    funnelView(facts, cut),
    lifecycleView(facts, cut),
    churnView(facts, cut),
    customerValueView(facts, cut),
  ];
};

describe("views kept from the read model", () => {
  it("answer as a replay of the same events does, after every batch, redelivered batches and events included", async () => {
    await fc.assert(
      fc.asyncProperty(
        randomHistory,
        deliveryChoices,
        batches,
        viewParams,
        instantNear,
        clockPicks,
        async (events, choices, sizes, params, asOf, picks) => {
          const clockReadings = nowsIn(events, picks);
          const readStore = openSqliteReadStore({ path: ":memory:" });
          let now = clockReadings[0]!;
          let reading = 0;
          const clock = () => new Date(now);
          const views = viewQueries({ eventStore: inMemoryEventStore(), readStore, clock });
          try {
            const sequence = deliver(events, choices);
            const delivered = new Set<RecordedCustomerEvent>();
            let start = 0;
            for (const { size, twice } of sizes) {
              const batch = sequence.slice(start, start + size);
              start += size;
              await projectBatch(readStore, [customerFactsProjection], batch);
              if (twice) await projectBatch(readStore, [customerFactsProjection], batch);
              for (const event of batch) delivered.add(event);
              const known = events.filter((event) => delivered.has(event));

              for (const cut of [params, { ...params, asOf }]) {
                for (let asked = 0; asked < 2; asked++) {
                  // The clock moves between requests (or not), never within one.
                  now = clockReadings[reading++ % clockReadings.length]!;
                  expect(await answersOf(views, cut)).toEqual(replayedAnswers(known, cut, now));
                }
              }
              if (start >= sequence.length) break;
            }
          } finally {
            await readStore.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("answer knownAt as a replay of the events recorded by then does, whatever was asked before and appended since", async () => {
    // Histories from the domain's decider into a real store, recorded on clocks that do not
    // follow the store's order (each customer's clock starts an hour after the previous one's).
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.record({ customers: fc.nat({ max: 3 }), pick: fc.nat(), asOf: fc.option(instantNear) }), {
          minLength: 1,
          maxLength: 6,
        }),
        async (seed, requests) => {
          const random = seededRandom(seed);
          const eventStore = inMemoryEventStore();
          const readStore = openSqliteReadStore({ path: ":memory:" });
          const now = at(400);
          const views = viewQueries({ eventStore, readStore, clock: () => new Date(now) });
          try {
            for (const request of requests) {
              await appendRandomHistory(eventStore, random, {
                customers: request.customers,
                commandsPerCustomer: 6,
                start: new Date(historyDay(random.int(0, 20))),
              });
              const stored = await readAllCustomerEvents(eventStore);
              // A recorded instant of the history (an edge), or after all of it.
              const knownAt =
                request.pick % 4 === 0 || stored.length === 0
                  ? at(401)
                  : stored[request.pick % stored.length]!.recordedAt;
              const cut = { knownAt, ...(request.asOf === null ? {} : { asOf: request.asOf }) };
              const facts = replayFacts(stored, { knownAt });
              const params = { ...cut, now };
              expect(await answersOf(views, cut)).toEqual([
                funnelView(facts, params),
                lifecycleView(facts, params),
                churnView(facts, params),
                customerValueView(facts, params),
              ]);
            }
          } finally {
            await readStore.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
