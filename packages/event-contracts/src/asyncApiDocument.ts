import { CUSTOMER_EVENTS_TOPIC } from "./customerEventMessage.ts";
import { customerEventMessageJsonSchema } from "./customerEventMessageJsonSchema.ts";
import { embeddable, type JsonSchema, type PublishedEventSchema } from "./eventDataJsonSchemas.ts";

// The AsyncAPI 3.0 document of what the CRM publishes (contract section 6): one
// channel, the topic; one message, the event envelope; the Kafka key is the
// customerId, so one customer's events keep their order.

const KAFKA_BINDING_VERSION = "0.5.0";
const componentRef = (name: string) => `#/components/schemas/${name}`;

export const asyncApiDocument = (events: readonly PublishedEventSchema[]): JsonSchema => ({
  asyncapi: "3.0.0",
  info: {
    title: "CRM customer events",
    version: "1.0.0",
    description:
      "Every fact recorded about a customer, as the CRM publishes it for downstream services. " +
      "Delivery is at least once and in order per customer; (customerId, revision) identifies an event. " +
      "Old schema versions of an event's data stay on the topic: every version is described here.",
  },
  defaultContentType: "application/json",
  channels: {
    customerEvents: {
      address: CUSTOMER_EVENTS_TOPIC,
      title: "Customer events",
      description: "All customers' events; partitioned by customerId.",
      messages: { customerEvent: { $ref: "#/components/messages/customerEvent" } },
      bindings: { kafka: { topic: CUSTOMER_EVENTS_TOPIC, bindingVersion: KAFKA_BINDING_VERSION } },
    },
  },
  operations: {
    publishCustomerEvents: {
      action: "send",
      title: "Publish customer events",
      summary: "The CRM sends each recorded customer event, keyed by customerId.",
      channel: { $ref: "#/channels/customerEvents" },
      messages: [{ $ref: "#/channels/customerEvents/messages/customerEvent" }],
    },
  },
  components: {
    messages: {
      customerEvent: {
        name: "CustomerEvent",
        title: "A customer event",
        contentType: "application/json",
        payload: { $ref: componentRef("CustomerEventMessage") },
        bindings: {
          kafka: {
            key: {
              type: "string",
              format: "uuid",
              description: "The customerId: one customer's events share a partition, in revision order.",
            },
            bindingVersion: KAFKA_BINDING_VERSION,
          },
        },
      },
    },
    schemas: {
      CustomerEventMessage: embeddable(customerEventMessageJsonSchema(events, componentRef)),
      ...Object.fromEntries(events.map((event) => [event.name, embeddable(event.schema)])),
    },
  },
});
