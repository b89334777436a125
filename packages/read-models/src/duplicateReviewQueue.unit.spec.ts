import { SALES_REP, salesDesk } from "@crm/customers/testing";
import { normalizeOrganisation } from "@crm/domain";
import { inMemoryEventStore } from "@crm/event-store";
import { withOutages } from "@crm/event-store/testing";
import { stopAfterEach } from "@crm/testing/specs";
import { describe, expect, it, vi } from "vitest";
import { startDuplicateReviewQueue } from "./duplicateReviewQueue.ts";

// The duplicate review queue (contract 9.2) and the organisation directory behind a new lead's
// near-duplicate hints (section 2) are one subscriber in the API process, fed by one pass over
// the history: whatever happens to its subscription, it must not end the process, and it must
// come back to the store's current state.

const until = { timeout: 8_000, interval: 20 };
const key = (company: string) => normalizeOrganisation(company) as string;

describe("the duplicate review queue and its organisation directory", () => {
  const started = stopAfterEach();

  it("given leads on file, when the queue starts, then once caught up it lists their pair and hints a near organisation", async () => {
    const desk = salesDesk();
    const older = await desk.createLead({ company: "中国移动北京", occurredAt: "2026-05-01T09:00:00.000Z" });
    const newer = await desk.createLead({ company: "北京移动", occurredAt: "2026-05-02T09:00:00.000Z" });

    const queue = started(startDuplicateReviewQueue(desk.eventStore));
    await queue.caughtUp;

    expect(queue.page({ limit: 10 }).items).toEqual([
      { customerId: newer, candidateId: older, reasons: ["near_organisation"] },
    ]);
    const hinted = await salesDesk({ eventStore: desk.eventStore, directory: queue.directory }).registerLead(
      { name: "刘洋", company: "中国移动北京分公司", source: "web" },
      SALES_REP,
    );
    expect(hinted.possibleDuplicates.sort()).toEqual([older, newer].sort());
  });

  it("given a customer merged into another, then it is no hint for a new lead", async () => {
    const desk = salesDesk();
    const duplicate = await desk.createLead({ company: "中国移动北京" });
    const survivor = await desk.createLead({ company: "上海科技发展有限公司" });
    await desk.runCommand(
      duplicate,
      () => ({ type: "MarkMergedInto", survivorId: survivor, occurredAt: desk.clock().toISOString() }),
      SALES_REP,
    );

    const queue = started(startDuplicateReviewQueue(desk.eventStore));
    await queue.caughtUp;

    const lead = await salesDesk({ eventStore: desk.eventStore, directory: queue.directory }).registerLead(
      { name: "刘洋", company: "北京移动", source: "web" },
      SALES_REP,
    );
    expect(lead.possibleDuplicates).toEqual([]);
  });

  it("given a lead just registered, when the next create comes before its event reached the queue, then it is hinted", async () => {
    const eventStore = inMemoryEventStore();
    const queue = startDuplicateReviewQueue(eventStore);
    await queue.caughtUp;
    // A stopped follower sees no more events: only what registration told the directory counts.
    await queue.stop();
    const desk = salesDesk({ eventStore, directory: queue.directory });

    const first = await desk.createLead({ company: "中国移动北京" });
    const second = await desk.registerLead({ name: "刘洋", company: "北京移动", source: "web" }, SALES_REP);

    expect(second.possibleDuplicates).toEqual([first]);
  });

  it("given the subscription is dropped, when the store comes back, then the process survives and new leads are found", async () => {
    const events = withOutages(inMemoryEventStore());
    const desk = salesDesk({ eventStore: events.eventStore });
    const errors: unknown[] = [];
    const queue = started(
      startDuplicateReviewQueue(events.eventStore, { onError: (error) => errors.push(error) }),
    );
    await queue.caughtUp;

    events.goDown(new Error("connection to the event store lost"));
    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0), until);
    events.comeBack();
    const customerId = await desk.createLead({ company: "上海科技发展有限公司" });

    await vi.waitFor(() => expect(queue.directory.nearMatches(key("上海科技"))).toEqual([customerId]), until);
  });

  it("given the store is down at start, when it comes back, then the queue catches up", async () => {
    const events = withOutages(inMemoryEventStore());
    const desk = salesDesk({ eventStore: events.eventStore });
    const customerId = await desk.createLead({ company: "中国移动北京" });
    events.goDown();

    const queue = started(startDuplicateReviewQueue(events.eventStore));
    await new Promise((resolve) => setTimeout(resolve, 100));
    events.comeBack();

    await queue.caughtUp;
    expect(queue.directory.nearMatches(key("北京移动"))).toEqual([customerId]);
  });
});
