import { duplicateKeysOf, organisationKeyIndex, type RecordedCustomerEvent } from "@crm/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type DuplicateCandidate, evolveDuplicateCandidate } from "./duplicateCandidates.ts";
import { duplicatePairs, pageOfDuplicatePairs } from "./duplicatePairs.ts";
import { duplicateQueueIndex } from "./duplicateQueueIndex.ts";

// Contract 9.2: the queue kept as events arrive lists what pairing every candidate's document
// lists, whatever the profiles, merges, dismissals and erasures; it reads only the customers in
// some pair.

const CUSTOMERS = 6;
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const EMAILS = [null, "li@a.cn", "LI@a.cn ", "wu@b.cn"];
const PHONES = [null, "+86 138 0013 8000", "13800138000", "010 5555"];
const COMPANIES = [null, "北京移动", "中国移动北京", "Globex Co., Ltd.", "GLOBEX", "Initech"];

type Step =
  | { kind: "update"; customer: number; field: "email" | "phone" | "company"; value: number }
  | { kind: "merge"; customer: number; into: number }
  | { kind: "dismiss"; customer: number; candidate: number }
  | { kind: "erase"; customer: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("update" as const),
    customer: fc.nat(CUSTOMERS - 1),
    field: fc.constantFrom("email" as const, "phone" as const, "company" as const),
    value: fc.nat(5),
  }),
  fc.record({
    kind: fc.constant("merge" as const),
    customer: fc.nat(CUSTOMERS - 1),
    into: fc.nat(CUSTOMERS - 1),
  }),
  fc.record({
    kind: fc.constant("dismiss" as const),
    customer: fc.nat(CUSTOMERS - 1),
    candidate: fc.nat(CUSTOMERS - 1),
  }),
  fc.record({ kind: fc.constant("erase" as const), customer: fc.nat(CUSTOMERS - 1) }),
);

/**
 * The events of a history: every customer created (profiles from the pools), then the steps. A
 * history `beyondTheDomain` takes every step, even those the domain refuses (a merged customer
 * merged again, into a loop, an erased one changed or merged): the index folds what arrives.
 */
const eventsOf = (
  profiles: number[][],
  steps: readonly Step[],
  { beyondTheDomain = false } = {},
): RecordedCustomerEvent[] => {
  const revisions = new Map<number, number>();
  const state = new Map<
    number,
    { merged: boolean; erased: boolean; profile: Record<string, string | null> }
  >();
  const events: RecordedCustomerEvent[] = [];
  const emit = (customer: number, type: string, data: object) => {
    const revision = (revisions.get(customer) ?? -1) + 1;
    revisions.set(customer, revision);
    const at = new Date(Date.UTC(2026, 0, 1 + customer, 0, events.length)).toISOString();
    events.push({
      type,
      data: { schemaVersion: 1, ...data },
      customerId: id(customer),
      revision,
      occurredAt: at,
      recordedAt: at,
      position: String(events.length),
    } as unknown as RecordedCustomerEvent);
  };
  profiles.forEach(([email = 0, phone = 0, company = 0], customer) => {
    const profile = {
      email: EMAILS[email] ?? null,
      phone: PHONES[phone] ?? null,
      company: COMPANIES[company] ?? null,
    };
    state.set(customer, { merged: false, erased: false, profile });
    emit(customer, "LeadCreated", { name: `Person ${customer}`, ...profile });
  });
  for (const next of steps) {
    const customer = state.get(next.customer);
    // The domain refuses commands on merged or erased customers; the steps follow its rules.
    if (!customer || (!beyondTheDomain && (customer.merged || customer.erased))) continue;
    if (next.kind === "update") {
      const pool = { email: EMAILS, phone: PHONES, company: COMPANIES }[next.field];
      const to = pool[next.value % pool.length] ?? null;
      if (customer.profile[next.field] === to) continue;
      emit(next.customer, "ProfileUpdated", {
        changes: { [next.field]: { from: customer.profile[next.field], to } },
      });
      customer.profile[next.field] = to;
    }
    if (next.kind === "merge") {
      const survivor = state.get(next.into);
      const refused = !survivor || survivor.merged || survivor.erased;
      if (next.into === next.customer || !survivor || (refused && !beyondTheDomain)) continue;
      emit(next.into, "CustomerMerged", { duplicateId: id(next.customer), note: null });
      emit(next.customer, "MergedInto", { customerId: id(next.into) });
      customer.merged = true;
    }
    if (next.kind === "dismiss" && next.candidate !== next.customer)
      emit(next.customer, "DuplicateDismissed", { candidateId: id(next.candidate) });
    if (next.kind === "erase") {
      emit(next.customer, "PersonalDataErased", { reason: "asked" });
      customer.erased = true;
    }
  }
  return events;
};

const everyDocument = (events: readonly RecordedCustomerEvent[]): DuplicateCandidate[] => {
  const documents = new Map<string, DuplicateCandidate>();
  for (const event of events) {
    documents.set(event.customerId, evolveDuplicateCandidate(documents.get(event.customerId) ?? null, event));
  }
  return [...documents.values()];
};

/** Each customer's email, phone and company, as indexes into the pools. */
const everyProfile = fc.array(fc.tuple(fc.nat(3), fc.nat(3), fc.nat(5)), {
  minLength: CUSTOMERS,
  maxLength: CUSTOMERS,
});

const cursorOf = (nextCursor: string | null): { customerId: string; candidateId: string } | undefined =>
  nextCursor === null ? undefined : JSON.parse(Buffer.from(nextCursor, "base64url").toString());

/** Reads the whole queue after each event and holds it to the definition for the history so far. */
const expectEveryEventFollowed = (events: readonly RecordedCustomerEvent[]) => {
  const queue = duplicateQueueIndex();
  events.forEach((event, at) => {
    queue.apply(event);
    const expected = duplicatePairs(everyDocument(events.slice(0, at + 1)));
    expect(queue.page({ limit: 1_000 }).items).toEqual(expected);
  });
};

describe("the duplicate queue kept as events arrive", () => {
  it("given any history, then it lists the pairs that pairing every candidate lists, page by page", () => {
    fc.assert(
      fc.property(
        everyProfile,
        fc.array(step, { maxLength: 25 }),
        fc.integer({ min: 1, max: 4 }),
        (profiles, steps, limit) => {
          const events = eventsOf(profiles, steps);
          const queue = duplicateQueueIndex();
          for (const event of events) queue.apply(event);

          const listed = [];
          let cursor: { customerId: string; candidateId: string } | undefined;
          for (let page = 0; page < 20; page++) {
            const answer = queue.page({ limit, ...(cursor ? { cursor } : {}) });
            listed.push(...answer.items);
            cursor = cursorOf(answer.nextCursor);
            if (cursor === undefined) break;
          }
          expect(listed).toEqual(duplicatePairs(everyDocument(events)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("given pages read between the events, then each lists the pairs of the history so far (the kept queue follows every change)", () => {
    fc.assert(
      fc.property(everyProfile, fc.array(step, { maxLength: 25 }), (profiles, steps) =>
        expectEveryEventFollowed(eventsOf(profiles, steps)),
      ),
      { numRuns: 100 },
    );
  });

  it("given pages read between the events with the cursor of the page before, then each is the definition's page for that cursor (a cursor pair that left the queue included)", () => {
    fc.assert(
      fc.property(
        everyProfile,
        fc.array(step, { maxLength: 25 }),
        fc.integer({ min: 1, max: 3 }),
        (profiles, steps, limit) => {
          const events = eventsOf(profiles, steps);
          const queue = duplicateQueueIndex();
          let cursor: { customerId: string; candidateId: string } | undefined;
          events.forEach((event, at) => {
            queue.apply(event);
            const page = { limit, ...(cursor ? { cursor } : {}) };
            const answer = queue.page(page);
            expect(answer).toEqual(pageOfDuplicatePairs(everyDocument(events.slice(0, at + 1)), page));
            cursor = cursorOf(answer.nextCursor);
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it("given histories of merges, erasures and dismissals, even those the domain refuses (chains, loops, an erased survivor), then pages between the events list the definition's pairs", () => {
    const mostlyMerges = fc.oneof(
      { arbitrary: step.filter((next) => next.kind === "merge"), weight: 3 },
      { arbitrary: step, weight: 2 },
    );
    fc.assert(
      fc.property(
        everyProfile,
        fc.array(mostlyMerges, { maxLength: 25 }),
        fc.boolean(),
        (profiles, steps, beyondTheDomain) =>
          expectEveryEventFollowed(eventsOf(profiles, steps, { beyondTheDomain })),
      ),
      { numRuns: 200 },
    );
  });

  it("given any history, then its hints for a new lead are the near organisations among customers neither merged nor erased", () => {
    fc.assert(
      fc.property(everyProfile, fc.array(step, { maxLength: 25 }), (profiles, steps) => {
        const events = eventsOf(profiles, steps);
        const queue = duplicateQueueIndex();
        for (const event of events) queue.apply(event);
        // What a directory of only the live customers' organisation keys finds.
        const live = organisationKeyIndex();
        for (const document of everyDocument(events)) {
          const key = duplicateKeysOf(document).organisation;
          if (key && !document.mergedInto && !document.erased) live.add(document.customerId, key);
        }

        for (const company of COMPANIES) {
          const key = duplicateKeysOf({ name: "New lead", company }).organisation;
          if (key) expect(queue.nearOrganisations(key).sort()).toEqual(live.nearMatches(key).sort());
        }
      }),
      { numRuns: 200 },
    );
  });

  it("given a lead added before its events arrive, then the next lead is hinted, and its events change nothing", () => {
    const queue = duplicateQueueIndex();
    const [lead] = eventsOf([[0, 0, 2]], []);
    const key = (company: string) => duplicateKeysOf({ name: "New lead", company }).organisation as string;
    queue.addOrganisation(id(0), key("中国移动北京"));

    expect(queue.nearOrganisations(key("北京移动"))).toEqual([id(0)]);
    if (lead) queue.apply(lead);
    queue.addOrganisation(id(0), key("Initech"));
    expect(queue.nearOrganisations(key("北京移动"))).toEqual([id(0)]);
  });

  it("given customers with nothing in common, then a page looks at none of them", () => {
    const queue = duplicateQueueIndex();
    for (const event of eventsOf(
      [
        [1, 1, 1],
        [3, 3, 3],
        [0, 0, 5],
      ],
      [],
    ))
      queue.apply(event);

    // A page pairs what the resemblances name, so none means no customer is looked at.
    expect([...queue.resemblances()]).toEqual([]);
    expect(queue.page({ limit: 10 })).toEqual({ items: [], nextCursor: null });
  });
});
