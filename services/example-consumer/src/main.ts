import { contactCopies } from "./contactCopies.ts";
import { startCustomerEventsConsumer } from "./customerEventsConsumer.ts";

// KAFKA_BROKERS=127.0.0.1:9092 npm run -w @crm/example-consumer start
// Prints one line per customer event, each once, until interrupted.

const brokers = (process.env.KAFKA_BROKERS ?? "127.0.0.1:9092").split(",").map((broker) => broker.trim());
const contacts = contactCopies();
const consumer = await startCustomerEventsConsumer({
  brokers,
  groupId: process.env.CONSUMER_GROUP ?? "crm-example-consumer",
  onEvent: (event) => {
    contacts.apply(event);
    console.log(
      `${event.recordedAt} ${event.customerId} r${event.revision} ${event.type} v${event.schemaVersion} by ${event.actor.id}`,
    );
  },
  onDuplicate: (event) => console.log(`duplicate skipped: ${event.customerId} r${event.revision}`),
  onInvalid: (reason) => console.error(`invalid message skipped: ${reason}`),
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void consumer.stop());
