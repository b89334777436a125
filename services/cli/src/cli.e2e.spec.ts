import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { aLead, startTestPlatform, type TestPlatform } from "@crm/platform/testing";
import { customerSummaryProjection } from "@crm/read-models";
import { describeWithServer, mongoServer } from "@crm/test-servers";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embeddedEnvironment } from "./testing/embeddedEnvironment.ts";

const run = promisify(execFile);
const cli = fileURLToPath(new URL("./main.ts", import.meta.url));
const embedded = embeddedEnvironment();
const crmCommandIn = (env: NodeJS.ProcessEnv, ...args: string[]) =>
  run(process.execPath, ["--no-warnings", cli, ...args], { env });
const crmCommand = (...args: string[]) => crmCommandIn(embedded, ...args);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

describe("the crm command line", () => {
  let crm: TestPlatform;
  const customerIds: string[] = [];

  beforeAll(async () => {
    crm = await startTestPlatform();
    for (let i = 0; i < 6; i++) {
      const created = await crm.as("sales").post("/leads", aLead({ occurredAt: daysAgo(40 - i) }));
      const id = created.body.customerId as string;
      customerIds.push(id);
      await crm
        .as("sales")
        .post(`/customers/${id}/stage`, { stage: "proposal", occurredAt: daysAgo(30 - i) });
      if (i % 2 === 0)
        await crm.as("sales").post(`/customers/${id}/stage`, {
          stage: "won",
          amount: 100 * (i + 1),
          occurredAt: daysAgo(20 - i),
        });
      else
        await crm.as("sales").post(`/customers/${id}/stage`, {
          stage: "lost",
          lostReason: "price",
          occurredAt: daysAgo(20 - i),
        });
    }
  });
  afterAll(() => crm.close());

  it("given a history, when a view is replayed as of a past date, then it equals the API's asOf answer", async () => {
    const asOf = daysAgo(25);
    const api = await crm.as("analyst").get(`/views/funnel?asOf=${encodeURIComponent(asOf)}`);
    await crm.platform.close();
    const { stdout } = await crmCommand("replay", "funnel", "--as-of", asOf, "--data-dir", crm.dataDir);
    await crm.restart();
    expect(api.status).toBe(200);
    expect(JSON.parse(stdout)).toEqual(api.body);
    expect(api.body.stages[2]).toMatchObject({ stage: "proposal", current: 6 });
  });

  it.each(["stage-velocity", "activity"])(
    "given a history, when the %s view is replayed as of a past date, then it equals the API's asOf answer",
    async (view) => {
      const asOf = daysAgo(22);
      const api = await crm.as("analyst").get(`/views/${view}?asOf=${encodeURIComponent(asOf)}`);
      await crm.platform.close();
      const { stdout } = await crmCommand("replay", view, "--as-of", asOf, "--data-dir", crm.dataDir);
      await crm.restart();
      expect(api.status).toBe(200);
      expect(JSON.parse(stdout)).toEqual(api.body);
    },
  );

  it("given the platform is running, when a rebuild is asked for, then it refuses and names the process", async () => {
    await expect(crmCommand("rebuild", "--data-dir", crm.dataDir)).rejects.toMatchObject({
      stderr: expect.stringContaining("is running"),
    });
  });

  it("given read models, when they are rebuilt blue/green with the platform stopped, then every view answers as before", async () => {
    // Without asOf the views come from the read models; `to` fixes the cut (asOf defaults to it).
    const to = encodeURIComponent(new Date().toISOString());
    const readModelAnswers = async () => {
      const windowed = await Promise.all(
        ["funnel", "lifecycle", "churn"].map((view) => crm.as("analyst").get(`/views/${view}?to=${to}`)),
      );
      const value = await crm.as("analyst").get("/views/customer-value");
      const customers = value.body.customers.map(
        ({ recencyDays: _r, ...customer }: Record<string, unknown>) => customer,
      );
      const search = await crm.as("analyst").get("/customers?limit=100");
      return {
        windowed: windowed.map((answer) => answer.body),
        customers,
        summary: value.body.summary,
        search: search.body,
      };
    };
    const before = await readModelAnswers();
    await crm.platform.close();
    const { stdout } = await crmCommand("rebuild", "--data-dir", crm.dataDir);
    expect(JSON.parse(stdout)).toMatchObject({ events: 6 * 3 });
    await crm.restart();
    expect(await readModelAnswers()).toEqual(before);
    expect(before.search.items).toHaveLength(6);
  });

  it("given a customer, when its history is exported, then every event comes out with its metadata", async () => {
    const { stdout } = await crmCommand("export-history", customerIds[0]!, "--data-dir", crm.dataDir);
    const lines = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.type)).toEqual(["LeadCreated", "StageAdvanced", "StageAdvanced"]);
    expect(lines[0].metadata).toMatchObject({
      actor: { id: "sales-actor", role: "sales" },
      command: "createLead",
    });
    expect(lines[0].data.name).toBe("Ada Wong");
  });

  it("given an erased customer, when its history is exported, then its personal fields read as erased (contract 10.1)", async () => {
    const id = customerIds[5] as string;
    const { email } = (await crm.as("admin").get(`/customers/${id}`)).body;
    expect((await crm.as("admin").post(`/customers/${id}/erasure`, { reason: "DSR-3" })).status).toBe(200);

    const { stdout } = await crmCommand("export-history", id, "--data-dir", crm.dataDir);
    const lines = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines[0].data).toMatchObject({ name: "[erased]", email: null, company: null });
    expect(lines.at(-1)).toMatchObject({ type: "PersonalDataErased", data: { reason: "DSR-3" } });
    expect(stdout).not.toContain(email);
  });
});

await describeWithServer("the crm command line on MongoDB read models", mongoServer, (server) => {
  const database = `crm_cli_${randomUUID().replaceAll("-", "")}`;
  const mongo = new MongoClient(server.url);
  afterAll(async () => {
    await mongo.db(database).dropDatabase();
    await mongo.close();
  });

  it("given MONGO_URL, when the read models are rebuilt, then they are rebuilt in MongoDB like the platform's", async () => {
    const crm = await startTestPlatform();
    for (let i = 0; i < 3; i++) await crm.as("sales").post("/leads", aLead());
    await crm.platform.close();

    const { stdout } = await crmCommandIn(
      { ...embedded, MONGO_URL: server.url, MONGO_DATABASE: database },
      "rebuild",
      "--data-dir",
      crm.dataDir,
    ).finally(async () => {
      await crm.restart();
      await crm.close();
    });

    expect(JSON.parse(stdout)).toMatchObject({ events: 3 });
    const alias = await mongo
      .db(database)
      .collection<{ _id: string; physical: string }>("read_model_aliases")
      .findOne({ _id: customerSummaryProjection.collection });
    expect(
      await mongo
        .db(database)
        .collection(alias?.physical ?? "none")
        .countDocuments(),
    ).toBe(3);
  });
});
