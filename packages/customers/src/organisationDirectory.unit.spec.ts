import { normalizeOrganisation } from "@crm/domain";
import { inMemoryEventStore } from "@crm/event-store";
import { withOutages } from "@crm/event-store/testing";
import { stopAfterEach } from "@crm/testing/specs";
import { describe, expect, it, vi } from "vitest";
import { startOrganisationDirectory } from "./organisationDirectory.ts";
import { salesDesk } from "./testing/salesDesk.ts";

// The directory behind near-duplicate hints (contract section 2) is a subscriber in the API
// process: whatever happens to its subscription, it must not end the process, and it must
// come back to the store's current state.

const until = { timeout: 8_000, interval: 20 };
const key = (name: string) => normalizeOrganisation(name) as string;

describe("the organisation directory", () => {
  const started = stopAfterEach();

  it("given leads on file, when the directory starts, then it knows their organisations once ready", async () => {
    const desk = salesDesk();
    const customerId = await desk.createLead({ company: "中国移动北京" });

    const directory = started(startOrganisationDirectory(desk.eventStore));
    await directory.ready;

    expect(directory.nearMatches(key("北京移动"))).toEqual([customerId]);
  });

  it("given the subscription is dropped, when the store comes back, then the process survives and new leads are found", async () => {
    const events = withOutages(inMemoryEventStore());
    const desk = salesDesk({ eventStore: events.eventStore });
    const errors: unknown[] = [];
    const directory = started(
      startOrganisationDirectory(events.eventStore, { onError: (error) => errors.push(error) }),
    );
    await directory.ready;

    events.goDown(new Error("connection to the event store lost"));
    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0), until);
    events.comeBack();
    const customerId = await desk.createLead({ company: "上海科技发展有限公司" });

    await vi.waitFor(() => expect(directory.nearMatches(key("上海科技"))).toEqual([customerId]), until);
  });

  it("given the store is down at start, when it comes back, then the directory becomes ready", async () => {
    const events = withOutages(inMemoryEventStore());
    const desk = salesDesk({ eventStore: events.eventStore });
    const customerId = await desk.createLead({ company: "中国移动北京" });
    events.goDown();

    const directory = started(startOrganisationDirectory(events.eventStore));
    await new Promise((resolve) => setTimeout(resolve, 100));
    events.comeBack();

    await directory.ready;
    expect(directory.nearMatches(key("北京移动"))).toEqual([customerId]);
  });
});
