import type { CustomerCommand, CustomerState } from "@crm/domain";
import { januaryDay, leadCreated, stageAdvanced } from "@crm/domain/testing";
import { type EventStore, inMemoryEventStore, type ReadStreamOptions } from "@crm/event-store";
import { describe, expect, it } from "vitest";
import { loadCustomer } from "./customerStreamReader.ts";
import { envelopeEvents } from "./eventEnvelope.ts";
import { customerCommandRunner } from "./runCustomerCommand.ts";
import { appendHistories } from "./testing/commandSpecification.ts";
import { SALES_REP } from "./testing/salesDesk.ts";

// The command runner keeps each customer's folded state and reads only the events after it
// (foldedCustomers.ts). Whatever it holds, a command must decide on the state the whole stream
// folds to now: these specify that against writers it did not see and histories out of order.

const at = januaryDay;
const ada = "7d9c1c7e-6a43-4f4e-9a51-0b6f6d1f2a01";
const stream = `crm-customer-${ada}`;
const clock = () => new Date(at(20));

/** Runs `type` on ada through `runner`, and returns the state the command was decided on. */
const decideOn = async (
  runner: ReturnType<typeof customerCommandRunner>,
  command: Record<string, unknown>,
): Promise<CustomerState> => {
  let seen: CustomerState = null;
  await runner(
    ada,
    (state) => {
      seen ??= state;
      return command as CustomerCommand;
    },
    SALES_REP,
  );
  return seen;
};

describe("the command runner's folded customers", () => {
  it("given this process folded a customer, when another replica advances it, then the next command here decides on the advanced stage", async () => {
    const store = inMemoryEventStore();
    await appendHistories(store, { [ada]: [leadCreated(ada)] });
    const here = customerCommandRunner({ eventStore: store, clock });
    const otherReplica = customerCommandRunner({ eventStore: store, clock });
    await decideOn(here, { type: "AdvanceStage", stage: "qualified", occurredAt: at(2) });
    await decideOn(otherReplica, {
      type: "AdvanceStage",
      stage: "proposal",
      expectedValue: 1_000,
      occurredAt: at(3),
    });

    const wholeStream = (await loadCustomer(store, ada)).state;
    const seen = await decideOn(here, { type: "AdvanceStage", stage: "negotiation", occurredAt: at(4) });

    expect(seen).toMatchObject({ stage: "proposal" });
    expect(seen).toEqual(wholeStream);
    expect((await store.readStream(stream)).at(-1)?.data).toMatchObject({
      from: "proposal",
      to: "negotiation",
    });
  });

  it("given an event appended after the folded ones but dated before them, when a command runs, then it decides on the stream folded in business-time order", async () => {
    const store = inMemoryEventStore();
    await appendHistories(store, { [ada]: [leadCreated(ada)] });
    const here = customerCommandRunner({ eventStore: store, clock });
    await decideOn(here, { type: "AdvanceStage", stage: "qualified", occurredAt: at(5) });
    // Written by another writer (an import of an older record): lost on day 3, before the qualification.
    const [, qualified] = await store.readStream(stream);
    await store.append(
      stream,
      envelopeEvents(
        [stageAdvanced("lead", "lost", 3, { lostReason: "price" })],
        SALES_REP,
        at(6),
        qualified?.metadata.hash as string,
      ),
      { expectedRevision: 1 },
    );

    const wholeStream = (await loadCustomer(store, ada)).state;
    const seen = await decideOn(here, { type: "AssignOwner", ownerId: "rep-2", occurredAt: at(7) });

    expect(seen).toMatchObject({ stage: "qualified" });
    expect(seen).toEqual(wholeStream);
  });

  it("given a folded customer, when the runner forgets it, then the next command folds the whole stream again", async () => {
    const store = inMemoryEventStore();
    const reads: ReadStreamOptions[] = [];
    const observed: EventStore = {
      ...store,
      readStream: (name, options = {}) => {
        if (name === stream) reads.push(options);
        return store.readStream(name, options);
      },
    };
    await appendHistories(store, { [ada]: [leadCreated(ada)] });
    const here = customerCommandRunner({ eventStore: observed, clock });
    await decideOn(here, { type: "AdvanceStage", stage: "qualified", occurredAt: at(2) });
    await decideOn(here, { type: "AssignOwner", ownerId: "rep-2", occurredAt: at(3) });
    expect(reads).toEqual([{}, { fromRevision: 1 }]);

    here.forget(ada);
    await decideOn(here, { type: "AssignOwner", ownerId: "rep-3", occurredAt: at(4) });

    expect(reads.at(-1)).toEqual({});
  });
});
