import { type CustomerEventMessage, customerEventMessageSchema } from "@crm/event-contracts";
import type { Message } from "kafkajs";

// Contract section 6 on the wire: key = customerId (so the partitioner keeps one customer's
// events in one partition, in order), value = the message as JSON. The type and schema
// version ride along as headers, so a consumer can route or skip without parsing the value.

export const encodeCustomerEvent = (message: CustomerEventMessage): Message => ({
  key: message.customerId,
  value: JSON.stringify(message),
  headers: {
    "content-type": "application/json",
    "event-type": message.type,
    "schema-version": String(message.schemaVersion),
  },
});

/** A record on the topic that is not a customer-event message; retrying it cannot help. */
export class UnreadableMessageError extends Error {
  readonly partition: number;
  readonly offset: string;

  constructor(partition: number, offset: string, options: { cause: unknown }) {
    super(`partition ${partition}, offset ${offset}: not a customer-event message`, options);
    this.name = "UnreadableMessageError";
    this.partition = partition;
    this.offset = offset;
  }
}

export const decodeCustomerEvent = (value: Buffer | null): CustomerEventMessage =>
  customerEventMessageSchema.parse(JSON.parse(value?.toString("utf8") ?? "null"));
