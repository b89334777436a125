// A group member in a process of its own, for the test that kills it with SIGKILL in the
// middle of a batch. It handles batches normally until one holds a message whose data says
// `hold`: that batch it announces and never finishes, as a process would that dies mid-write.
// Usage: node consumeUntilKilled.ts <brokers> <topic> <group>
import { kafkaCustomerEventBus } from "../kafkaCustomerEventBus.ts";

const [brokers = "", topic = "", group = ""] = process.argv.slice(2);
const bus = kafkaCustomerEventBus({
  brokers: brokers.split(","),
  clientId: "killed-member",
  topic,
  sessionTimeoutMs: 6_000,
});

await bus.consume(group, async (messages) => {
  const eventIds = messages.map((message) => message.eventId);
  if (messages.some((message) => message.data.hold === true)) {
    process.stdout.write(`${JSON.stringify({ holding: eventIds })}\n`);
    await new Promise(() => undefined);
  }
  process.stdout.write(`${JSON.stringify({ handled: eventIds })}\n`);
});
