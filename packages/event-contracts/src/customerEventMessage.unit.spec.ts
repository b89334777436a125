import { describe, expect, it } from "vitest";
import {
  customerEventMessageSchema,
  fromCustomerEventMessage,
  toCustomerEventMessage,
} from "./customerEventMessage.ts";
import { messageFixtures } from "./testing/publishedSchemas.ts";

// Messages published by earlier builds stay readable: a consumer built on this package
// reads an InteractionLogged v1 from the topic as v2 (upcast on read, as the store does).

describe("reading topic messages", () => {
  it("given InteractionLogged v1 messages from the topic, when read, then they are v2 events", () => {
    const events = messageFixtures()
      .map((message) => fromCustomerEventMessage(customerEventMessageSchema.parse(message)))
      .filter((event) => event?.type === "InteractionLogged");

    expect(events.map((event) => event?.data)).toEqual([
      expect.objectContaining({ schemaVersion: 2, department: "sales", outcome: null, durationSeconds: 420 }),
      expect.objectContaining({ schemaVersion: 2, department: "service", outcome: "positive" }),
    ]);
  });

  it("given a v1 message in the earliest shape, when read, then department and outcome take their defaults", () => {
    const message = messageFixtures().find((m) => m.type === "InteractionLogged");
    const { department: _d, outcome: _o, ...earliest } = message?.data ?? {};

    const event = fromCustomerEventMessage({ ...(message as NonNullable<typeof message>), data: earliest });

    expect(event?.data).toMatchObject({ schemaVersion: 2, department: "sales", outcome: null });
  });

  it("given a read message, when published again, then it carries the current version and the same identity", () => {
    const [leadCreated, call] = messageFixtures().map((message) => fromCustomerEventMessage(message));
    const again = toCustomerEventMessage(call as NonNullable<typeof call>);

    expect(again).toMatchObject({ type: "InteractionLogged", schemaVersion: 2, revision: 1 });
    expect(toCustomerEventMessage(leadCreated as NonNullable<typeof leadCreated>)).toEqual(
      messageFixtures()[0],
    );
  });

  it("given a type this build does not know, when read, then it is skipped, not failed", () => {
    const [message] = messageFixtures();

    expect(
      fromCustomerEventMessage({
        ...(message as NonNullable<typeof message>),
        type: "CustomerRenamedInTheFuture",
      }),
    ).toBeNull();
  });
});
