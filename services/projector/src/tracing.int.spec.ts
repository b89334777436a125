import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeWithServer, kafkaServer } from "@crm/test-servers";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type ReceivedSpan, startOtlpReceiver } from "./testing/otlpReceiver.ts";
import { PROJECTOR_MAIN, RELAY_MAIN, type ServiceProcess, startService } from "./testing/serviceProcess.ts";

// Contract section 12: one trace from the HTTP command through the append, the relay, the
// Kafka message (W3C trace context in its headers) and the projector's write, exported over
// OTLP. The API, the relay and the projector run as their own processes, as deployed, on the
// real broker; a tiny OTLP/HTTP receiver stands in for the collector.

const PLATFORM_MAIN = createRequire(import.meta.url).resolve("@crm/platform/main");
const ADMIN_KEY = "tracing-test-admin-key-0001";

await describeWithServer("one trace across the API, relay and projector processes", kafkaServer, (kafka) => {
  const dir = mkdtempSync(join(tmpdir(), "crm-tracing-"));
  const projectorDir = mkdtempSync(join(tmpdir(), "crm-tracing-projector-"));
  const topic = `crm.customer-events.test-${randomUUID()}`;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  const services: ServiceProcess[] = [];
  let api: ServiceProcess;
  let apiAt: string;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    const common = {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: "100",
      KAFKA_BROKERS: kafka.brokers.join(","),
      KAFKA_TOPIC: topic,
      MONGO_URL: "",
      LOG_LEVEL: "info",
    };
    api = startService("api", PLATFORM_MAIN, {
      ...common,
      CRM_DATA_DIR: dir,
      PORT: "0",
      CRM_API_KEYS: JSON.stringify([{ key: ADMIN_KEY, actorId: "admin-1", role: "admin" }]),
    });
    services.push(api);
    services.push(startService("relay", RELAY_MAIN, { ...common, CRM_DATA_DIR: dir }));
    services.push(
      startService("projector", PROJECTOR_MAIN, {
        ...common,
        CRM_DATA_DIR: projectorDir,
        PROJECTOR_GROUP: `crm.read-models.test-${randomUUID()}`,
        KAFKA_SESSION_TIMEOUT_MS: "6000",
      }),
    );
    const listening = await api.logged((line) => line.msg.startsWith("CRM platform listening on "));
    apiAt = listening.msg.match(/listening on (\S+);/)?.[1] ?? "";
  });
  afterAll(async () => {
    for (const service of services) await service.kill("SIGTERM");
    await receiver?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(projectorDir, { recursive: true, force: true });
  });

  it("given OTEL_EXPORTER_OTLP_ENDPOINT, when a lead is created over HTTP, then the request, the append, the relay's publish and the projector's write are spans of one trace, each the child of the one before, and the request's log lines carry its trace and correlation ids", {
    timeout: 60_000,
  }, async () => {
    const correlationId = `trace-test-${randomUUID()}`;
    const created = await fetch(`${apiAt}/api/v1/leads`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${ADMIN_KEY}`,
        "content-type": "application/json",
        "x-correlation-id": correlationId,
      },
      body: JSON.stringify({
        name: "Trace Lead",
        company: `Trace ${randomUUID().slice(0, 8)} Ltd`,
        email: `${randomUUID().slice(0, 8)}@trace.example`,
        source: "web",
        expectedValue: 100,
      }),
    });
    expect(created.status).toBe(201);

    const deadline = Date.now() + 45_000;
    let request: ReceivedSpan | undefined;
    let inTrace: ReceivedSpan[] = [];
    while (Date.now() < deadline) {
      request = receiver.spans.find(
        (span) => span.service === "crm-api" && span.name === "POST /api/v1/leads",
      );
      inTrace = receiver.spans.filter((span) => span.traceId === request?.traceId);
      if (inTrace.some((span) => span.service === "crm-projector")) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const named = (service: string, name: string) =>
      inTrace.find((span) => span.service === service && span.name === name);
    const append = inTrace.find(
      (span) => span.name === "event store append" && span.parentSpanId === request?.spanId,
    );
    const publish = named("crm-relay", "relay publish");
    const write = named("crm-projector", "project read models");
    expect(request).toBeDefined();
    expect(append).toBeDefined();
    expect(publish?.parentSpanId).toBe(request?.spanId);
    expect(write?.parentSpanId).toBe(publish?.spanId);

    const logged = await api.logged(
      // The request's one log line (services/api's request log): "POST /api/v1/leads 201".
      (line) => line.correlationId === correlationId && line.msg.startsWith("POST /api/v1/leads"),
    );
    expect(logged.traceId).toBe(request?.traceId);
  });
});
