import { sampleValue } from "@crm/operations/testing";
import { READ_MODEL_PROJECTOR } from "@crm/read-models";
import { expect, it } from "vitest";
import { platformPerTest } from "./testing/platformPerSuite.ts";
import { aLead } from "./testing/testPlatform.ts";

// Contract section 12: /metrics in the Prometheus text format, no key needed: commands by type
// and outcome with latency, events appended, projection lag and checkpoint per subscriber,
// pool-rule runs, and the Node process metrics.

const test = platformPerTest();

const scrape = async () => {
  const response = await test.platform.app.inject({ method: "GET", url: "/metrics" });
  expect(response.statusCode).toBe(200);
  expect(response.headers["content-type"]).toContain("text/plain");
  return response.body;
};

it("given commands accepted and refused, when /metrics is scraped without a key, then it counts each command by outcome with its latency, the events appended, and the process metrics", async () => {
  const lead = await test.as("sales").post("/leads", aLead());
  expect(lead.status).toBe(201);
  const id = lead.body.customerId;
  expect((await test.as("sales").post(`/customers/${id}/stage`, { stage: "won", amount: 100 })).status).toBe(
    200,
  );
  expect((await test.as("sales").post("/leads", { name: "" })).status).toBe(400);
  expect(
    (await test.as("sales").post(`/customers/${crypto.randomUUID()}/stage`, { stage: "won", amount: 1 }))
      .status,
  ).toBe(404);
  await test.as("analyst").get("/views/funnel");
  await test.platform.caughtUp;

  const text = await scrape();
  expect(sampleValue(text, "crm_commands_total", { command: "createLead", outcome: "accepted" })).toBe(1);
  expect(
    sampleValue(text, "crm_commands_total", { command: "createLead", outcome: "validation_failed" }),
  ).toBe(1);
  expect(sampleValue(text, "crm_commands_total", { command: "advanceStage", outcome: "accepted" })).toBe(1);
  expect(sampleValue(text, "crm_commands_total", { command: "advanceStage", outcome: "not_found" })).toBe(1);
  // Reads are not commands.
  expect(text).not.toMatch(/crm_commands_total\{command="readViews"/);
  expect(
    sampleValue(text, "crm_command_duration_seconds_count", { command: "createLead", outcome: "accepted" }),
  ).toBe(1);
  expect(
    sampleValue(text, "crm_command_duration_seconds_bucket", {
      command: "createLead",
      outcome: "accepted",
      le: "+Inf",
    }),
  ).toBe(1);
  expect(sampleValue(text, "crm_events_appended_total", { type: "LeadCreated" })).toBe(1);
  expect(sampleValue(text, "crm_events_appended_total", { type: "StageAdvanced" })).toBeGreaterThanOrEqual(1);
  // The idle-return rule's pass on start (contract 9.3) is counted.
  expect(sampleValue(text, "crm_pool_rule_runs_total", { outcome: "ran" })).toBeGreaterThanOrEqual(1);
  expect(sampleValue(text, "crm_pool_rule_last_run_timestamp_seconds")).toBeGreaterThan(0);
  expect(sampleValue(text, "nodejs_heap_size_used_bytes")).toBeGreaterThan(0);
  expect(sampleValue(text, "process_cpu_seconds_total")).toBeGreaterThan(0);
});

it("given the read-model projector stopped while commands arrive, when /metrics is scraped, then its lag rises in events and seconds, and falls to 0 with the checkpoint at the last event once it runs again", async () => {
  await test.platform.caughtUp;
  const caughtUp = await scrape();
  expect(sampleValue(caughtUp, "crm_subscriber_lag_events", { subscriber: READ_MODEL_PROJECTOR })).toBe(0);

  await test.platform.projector?.stop();
  for (let lead = 0; lead < 3; lead++)
    expect((await test.as("sales").post("/leads", aLead())).status).toBe(201);
  await new Promise((resolve) => setTimeout(resolve, 50));

  const behind = await scrape();
  expect(sampleValue(behind, "crm_subscriber_lag_events", { subscriber: READ_MODEL_PROJECTOR })).toBe(3);
  expect(
    sampleValue(behind, "crm_subscriber_lag_seconds", { subscriber: READ_MODEL_PROJECTOR }),
  ).toBeGreaterThan(0);

  await test.restart();
  const after = await scrape();
  const last = (await test.allEvents())
    .filter((event) => event.streamName.startsWith("crm-customer-"))
    .at(-1);
  expect(sampleValue(after, "crm_subscriber_lag_events", { subscriber: READ_MODEL_PROJECTOR })).toBe(0);
  expect(sampleValue(after, "crm_subscriber_lag_seconds", { subscriber: READ_MODEL_PROJECTOR })).toBe(0);
  expect(sampleValue(after, "crm_subscriber_checkpoint_position", { subscriber: READ_MODEL_PROJECTOR })).toBe(
    Number(last?.position),
  );
});
