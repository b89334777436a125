import { randomUUID } from "node:crypto";
import { CUSTOMER_STREAM_PREFIX } from "@crm/domain";
import { kafkaCustomerEventBus } from "@crm/event-bus/kafka";
import { type CustomerEventMessage, customerEventMessageOf } from "@crm/event-contracts";
import { sampleValue } from "@crm/operations/testing";
import { READ_MODEL_PROJECTOR } from "@crm/read-models";
import { describeWithServer, kafkaServer } from "@crm/test-servers";
import { openedPerSuite } from "@crm/testing/specs";
import { expect, it } from "vitest";
import { aSqliteReadStore, startPlatformOn } from "./testing/ownComposition.ts";
import { aLead, apiClient } from "./testing/testPlatform.ts";

// Contract section 12 in the distributed setup: the read models are the projector service's,
// and while every projector is stopped it has no /metrics of its own. The API process reports
// the group's lag from the broker, so it is seen rising while no projector runs and falling
// to 0 once one has consumed. The "projector" here is a group member that commits what it gets.

await describeWithServer("read-model lag on Kafka, seen from the API process", kafkaServer, (kafka) => {
  const topic = `crm.customer-events.test-${randomUUID()}`;
  const group = `crm.read-models.test-${randomUUID()}`;
  const bus = openedPerSuite(
    () => kafkaCustomerEventBus({ brokers: kafka.brokers, clientId: "lag-test", topic, partitions: 3 }),
    (bus) => bus.close(),
  );
  const platform = openedPerSuite(
    () => startPlatformOn(aSqliteReadStore, { readModelsOnKafka: { brokers: kafka.brokers, topic, group } }),
    (platform) => platform.close(),
  );

  const lag = async () => {
    const text = (await platform.app.inject({ method: "GET", url: "/metrics" })).body;
    return {
      events: sampleValue(text, "crm_subscriber_lag_events", { subscriber: READ_MODEL_PROJECTOR }),
      seconds: sampleValue(text, "crm_subscriber_lag_seconds", { subscriber: READ_MODEL_PROJECTOR }),
    };
  };

  it("given events on the topic and no projector running, then the API's /metrics shows the read models behind by those events; once a projector consumed them, 0", async () => {
    for (let lead = 0; lead < 3; lead++)
      expect((await apiClient(platform)("sales").post("/leads", aLead())).status).toBe(201);
    const messages: CustomerEventMessage[] = [];
    for await (const stored of platform.eventStore.readAll({ streamPrefix: CUSTOMER_STREAM_PREFIX })) {
      const message = customerEventMessageOf(stored);
      if (message) messages.push(message);
    }
    await bus.publish(messages);

    expect((await lag()).events).toBe(messages.length);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await lag()).seconds).toBeGreaterThanOrEqual(1);

    let consumed = 0;
    const projector = await bus.consume(group, async (batch) => {
      consumed += batch.length;
    });
    const deadline = Date.now() + 30_000;
    let now = await lag();
    while (now.events !== 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      now = await lag();
    }
    await projector.stop();
    expect(consumed).toBeGreaterThanOrEqual(messages.length);
    expect(now).toEqual({ events: 0, seconds: 0 });
  });
});
