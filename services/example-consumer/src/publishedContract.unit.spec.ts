import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { customerEventsTopic, messageValidator } from "./publishedContract.ts";

const samples = JSON.parse(
  readFileSync(new URL("./testing/sampleMessages.json", import.meta.url), "utf8"),
) as Array<Record<string, unknown>>;

describe("the consumer's reading of the published contract", () => {
  it("given the AsyncAPI document, then the topic is the customer-events channel's address", () => {
    expect(customerEventsTopic()).toBe("crm.customer-events.v1");
  });

  it("given published messages of both InteractionLogged versions, then they pass the schema", () => {
    const check = messageValidator();

    expect(samples.map((sample) => check(sample).valid)).toEqual([true, true, true, true]);
  });

  it("given a message without data, then it fails with a reason", () => {
    const { data: _data, ...withoutData } = samples[0] ?? {};

    expect(messageValidator()(withoutData)).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/data/),
    });
  });
});
