import { randomUUID } from "node:crypto";
import type { CustomerCommand } from "@crm/domain";
import { complaintFiled, januaryDay, leadCreated, stageAdvanced } from "@crm/domain/testing";
import { type EventStore, EventStoreUnavailableError, inMemoryEventStore } from "@crm/event-store";
import { describe, expect, it } from "vitest";
import type { CommandContext } from "./commandContext.ts";
import { verifyCustomerChain } from "./customerChainVerification.ts";
import { readCustomer } from "./customerReads.ts";
import { customerCommandRunner } from "./runCustomerCommand.ts";
import { customerSpecification, type SalesDesk } from "./testing/commandSpecification.ts";
import { SALES_REP, salesDesk } from "./testing/salesDesk.ts";

// The use cases of packages/customers (contract section 2) as given/when/then specifications
// on the in-memory event store. The customer's rules themselves are specified in
// packages/domain (decide.unit.spec.ts); these specify what the application adds: reading and
// folding the stream, duplicate keys, idempotent creates, If-Match, retries, metadata.

const at = januaryDay;
const ada = "7d9c1c7e-6a43-4f4e-9a51-0b6f6d1f2a01";
const lin = "5a2b3c4d-1e2f-4a5b-8c7d-9e0f1a2b3c4d";

const command = (command: object) => (): CustomerCommand => command as CustomerCommand;

/** The use case "advance ada's stage", as a sales rep unless told otherwise. */
const advanceAda =
  (stage: string, day: number, context: CommandContext = SALES_REP) =>
  (desk: SalesDesk) =>
    desk.runCommand(ada, command({ type: "AdvanceStage", stage, occurredAt: at(day) }), context);

const lead = { name: "Ada Wong", company: "Acme Ltd", email: "ada@acme.example", source: "web" as const };
const createLead = { ...SALES_REP, commandName: "createLead" };

describe("creating a lead", () => {
  it("given no customer, when a lead is created, then LeadCreated is appended to its stream", async () => {
    await customerSpecification()
      .given()
      .when((desk) => desk.registerLead({ ...lead, customerId: ada }, createLead))
      .then({
        [ada]: [
          { type: "LeadCreated", data: { customerId: ada, name: "Ada Wong", email: "ada@acme.example" } },
        ],
      });
  });

  it("given a customer with the same email, when a lead is created, then it is refused as a duplicate naming the customer", async () => {
    await customerSpecification()
      .given((desk) => desk.registerLead({ ...lead, customerId: ada }, createLead))
      .when((desk) => desk.registerLead({ ...lead, name: "A. Wong", company: "Other Co" }, createLead))
      .thenFails("duplicate", { duplicateOf: [ada] });
  });

  it("given a customer with the same email, when a lead is created with allowDuplicate, then it is created and the match is named", async () => {
    const registered = await customerSpecification()
      .given((desk) => desk.registerLead({ ...lead, customerId: ada }, createLead))
      .when((desk) => desk.registerLead({ ...lead, customerId: lin, allowDuplicate: true }, createLead))
      .then({ [lin]: [{ type: "LeadCreated" }] });
    expect(registered).toMatchObject({ customerId: lin, possibleDuplicates: [ada] });
  });

  it("given a lead created with a customerId, when the same request is repeated, then nothing is appended and the first answer returns", async () => {
    const repeated = await customerSpecification()
      .given((desk) => desk.registerLead({ ...lead, customerId: ada }, createLead))
      .when((desk) => desk.registerLead({ ...lead, customerId: ada }, createLead))
      .thenNothingHappened();
    expect(repeated).toEqual({ customerId: ada, revision: 0, possibleDuplicates: [] });
  });

  it("given a lead created with a customerId, when another body comes with that customerId, then it is a conflict", async () => {
    await customerSpecification()
      .given((desk) => desk.registerLead({ ...lead, customerId: ada }, createLead))
      .when((desk) => desk.registerLead({ ...lead, customerId: ada, name: "Someone Else" }, createLead))
      .thenFails("conflict");
  });

  it("given the organisation's key cannot be reserved, when a lead is created, then it fails and holds none of its keys", async () => {
    const store = inMemoryEventStore();
    let organisationDown = true;
    const failing: EventStore = {
      ...store,
      append: async (stream, events, options) => {
        if (organisationDown && stream.startsWith("crm-dupkey-organisation-"))
          throw new EventStoreUnavailableError("the organisation's key stream is unreachable");
        return store.append(stream, events, options);
      },
    };
    const desk = salesDesk({ eventStore: failing });
    await expect(desk.registerLead({ ...lead, customerId: ada }, createLead)).rejects.toThrow(
      EventStoreUnavailableError,
    );

    organisationDown = false;
    const again = await desk.registerLead({ ...lead, customerId: lin }, createLead);

    expect(again).toEqual({ customerId: lin, revision: 0, possibleDuplicates: [] });
  });

  it("given no such customer, when a lead names it as referrer, then it is refused", async () => {
    await customerSpecification()
      .given()
      .when((desk) => desk.registerLead({ ...lead, referredBy: lin }, createLead))
      .thenFails("unknown_referrer");
  });
});

describe("commands on a customer", () => {
  it("given a lead, when it advances to qualified, then StageAdvanced records the move", async () => {
    await customerSpecification()
      .given({ [ada]: [leadCreated(ada)] })
      .when(advanceAda("qualified", 2))
      .then({
        [ada]: [{ type: "StageAdvanced", occurredAt: at(2), data: { from: "lead", to: "qualified" } }],
      });
  });

  it("given no customer, when a command names it, then it is not found", async () => {
    await customerSpecification().given().when(advanceAda("qualified", 2)).thenFails("not_found");
  });

  it("given a customer at revision 1, when a command says If-Match 0, then it is refused with the current revision", async () => {
    await customerSpecification()
      .given({ [ada]: [leadCreated(ada), stageAdvanced("lead", "qualified", 2)] })
      .when(
        advanceAda("proposal", 3, {
          ...SALES_REP,
          expectedRevision: 0,
        }),
      )
      .thenFails("revision_mismatch", { currentRevision: 1 });
  });

  it("given a lead, when a purchase is recorded before it is won, then it is refused", async () => {
    await customerSpecification()
      .given({ [ada]: [leadCreated(ada)] })
      .when((desk) =>
        desk.runCommand(
          ada,
          command({ type: "RecordPurchase", orderId: "o-1", amount: 10, occurredAt: at(2) }),
          SALES_REP,
        ),
      )
      .thenFails("not_a_customer");
  });

  it("given a won customer, when a purchase is recorded, then PurchaseRecorded carries the order", async () => {
    await customerSpecification()
      .given({ [ada]: [leadCreated(ada), stageAdvanced("lead", "won", 2, { amount: 500 })] })
      .when((desk) =>
        desk.runCommand(
          ada,
          command({ type: "RecordPurchase", orderId: "o-1", amount: 10, occurredAt: at(3) }),
          SALES_REP,
        ),
      )
      .then({ [ada]: [{ type: "PurchaseRecorded", data: { orderId: "o-1", amount: 10 } }] });
  });

  it("given a filed complaint, when it is acknowledged and then acknowledged again, then the second is refused", async () => {
    const complaintId = randomUUID();
    const filed = complaintFiled(complaintId, 2);
    const acknowledge = command({ type: "AcknowledgeComplaint", complaintId, occurredAt: at(3) });
    await customerSpecification()
      .given({ [ada]: [leadCreated(ada), filed] })
      .when((desk) => desk.runCommand(ada, acknowledge, SALES_REP))
      .then({ [ada]: [{ type: "ComplaintAcknowledged", data: { complaintId } }] });
    await customerSpecification()
      .given({ [ada]: [leadCreated(ada), filed] }, (desk) => desk.runCommand(ada, acknowledge, SALES_REP))
      .when((desk) => desk.runCommand(ada, acknowledge, SALES_REP))
      .thenFails("invalid_transition");
  });
});

describe("what the application adds to every event", () => {
  it("given a lead, when a command runs, then its events carry who, why, when and the hash chain", async () => {
    const spec = customerSpecification();
    await spec
      .given({ [ada]: [leadCreated(ada)] })
      .when(
        advanceAda("qualified", 2, {
          ...SALES_REP,
          correlationId: "c-42",
          commandId: "cmd-42",
          commandName: "advanceStage",
        }),
      )
      .then({ [ada]: [{ type: "StageAdvanced" }] });

    const [, advanced] = await spec.desk.eventStore.readStream(`crm-customer-${ada}`);
    expect(advanced?.metadata).toMatchObject({
      actor: SALES_REP.actor,
      correlationId: "c-42",
      causationId: "cmd-42",
      command: "advanceStage",
      occurredAt: at(2),
      recordedAt: spec.desk.clock().toISOString(),
    });
    expect(await verifyCustomerChain(spec.desk.eventStore, ada)).toEqual({ valid: true, events: 2 });
  });

  it("given another writer takes the revision first, when a command runs without If-Match, then it is retried on the new state", async () => {
    // A writer elsewhere (another replica) appends just before this process's first append.
    const store = inMemoryEventStore();
    const otherReplica = customerCommandRunner({ eventStore: store, clock: () => new Date(at(2)) });
    let raced = false;
    const racing: EventStore = {
      ...store,
      append: async (stream, events, options) => {
        if (!raced && stream === `crm-customer-${ada}` && options.expectedRevision === 0) {
          raced = true;
          await otherReplica(
            ada,
            command({ type: "AssignOwner", ownerId: "rep-2", occurredAt: at(2) }),
            SALES_REP,
          );
        }
        return store.append(stream, events, options);
      },
    };
    const spec = customerSpecification({ eventStore: racing });
    await spec
      .given({ [ada]: [leadCreated(ada)] })
      .when(advanceAda("qualified", 3))
      .then({
        [ada]: [
          { type: "OwnerAssigned" },
          { type: "StageAdvanced", data: { from: "lead", to: "qualified" } },
        ],
      });
  });
});

describe("reading a customer", () => {
  it("given a customer's history, when read as of a past day, then the state of that day is returned", async () => {
    const spec = customerSpecification();
    await spec
      .given({
        [ada]: [
          leadCreated(ada),
          stageAdvanced("lead", "qualified", 5),
          stageAdvanced("qualified", "won", 9, { amount: 800 }),
        ],
      })
      .when(async () => undefined)
      .thenNothingHappened();

    expect(await readCustomer(spec.desk.eventStore, ada, { asOf: at(6) })).toMatchObject({
      stage: "qualified",
      revenue: 0,
    });
    expect(await readCustomer(spec.desk.eventStore, ada)).toMatchObject({ stage: "won", revision: 2 });
  });
});
