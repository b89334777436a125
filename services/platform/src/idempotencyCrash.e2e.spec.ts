import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RecordedEvent } from "@crm/event-store";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { seededRandom } from "@crm/testing";
import { afterAll, describe, expect, it } from "vitest";
import { exitOf, type StartedMain, startMain } from "./testing/mainProcess.ts";

// Contract section 2 under crashes: the platform process (npm start) is killed with SIGKILL at
// random moments while clients send commands with Idempotency-Keys. After each restart, once the
// claim timeout has passed, every retry must return the first answer, or, where no answer was
// given, run once: no customer has an event twice, no acknowledged command is missing.

const ROUNDS = 10;
const CLIENTS = 4;
const CLAIM_TIMEOUT_MS = 400;
const KEY = "crash-test-admin-key-0123456789";
const random = seededRandom(20261129);

type Answer = { status: number; body: Record<string, unknown> };
type Sent = {
  key: string;
  path: string;
  body: Record<string, unknown>;
  kind: "lead" | "interaction" | "complaint";
  /** The text that identifies its event: the lead's email, the interaction's summary, the complaint's description. */
  marker: string;
  answer?: Answer;
};

const send = async (address: string, request: Sent): Promise<Answer> => {
  const response = await fetch(`${address}/api/v1${request.path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${KEY}`,
      "content-type": "application/json",
      "idempotency-key": request.key,
    },
    body: JSON.stringify(request.body),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe("Idempotency-Key across SIGKILL of the platform process", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "crm-idempotency-kill-"));
  const env = {
    CRM_DATA_DIR: dataDir,
    CRM_API_KEYS: JSON.stringify([{ key: KEY, actorId: "crash-tester", role: "admin" }]),
    CRM_IDEMPOTENCY_CLAIM_TIMEOUT_MS: String(CLAIM_TIMEOUT_MS),
  };
  let platform: StartedMain | undefined;
  afterAll(() => {
    platform?.child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  const sent: Sent[] = [];
  const customers: string[] = [];
  let serial = 0;

  const nextRequest = (): Sent => {
    serial += 1;
    const key = `round-key-${serial}`;
    const customerId = customers.length > 0 ? random.pick(customers) : undefined;
    const roll = random.next();
    if (!customerId || roll < 0.4) {
      const email = `lead-${serial}@crash.example`;
      const body = { name: `Lead ${serial}`, company: `Crash ${serial} Ltd`, email, source: "web" };
      return { key, path: "/leads", body, kind: "lead", marker: email };
    }
    if (roll < 0.8) {
      const summary = `Call number ${serial}`;
      const body = { channel: "call", direction: "outbound", summary };
      return {
        key,
        path: `/customers/${customerId}/interactions`,
        body,
        kind: "interaction",
        marker: summary,
      };
    }
    const description = `Complaint number ${serial}`;
    const body = { category: "delivery", severity: "low", description };
    return { key, path: `/customers/${customerId}/complaints`, body, kind: "complaint", marker: description };
  };

  const acknowledge = (request: Sent, answer: Answer) => {
    request.answer = answer;
    if (request.kind === "lead" && answer.status === 201) customers.push(String(answer.body.customerId));
  };

  /** Retries a request as a client would: a claim still in progress (409 conflict) is retried shortly. */
  const retry = async (address: string, request: Sent) => {
    for (let attempt = 1; ; attempt++) {
      const answer = await send(address, request);
      if (answer.status === 409 && answer.body.error === "conflict" && attempt < 50) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      if (request.answer) expect(answer, `retry of ${request.key} (${request.path})`).toEqual(request.answer);
      else {
        expect(answer.status, `${request.key}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
        acknowledge(request, answer);
      }
      return;
    }
  };

  const retryAll = async (address: string, requests: Sent[]) => {
    for (const request of requests) await retry(address, request);
  };

  /** Clients send keyed commands until the process dies under them. */
  const sendUntilKilled = async (running: StartedMain) => {
    let killed = false;
    const client = async () => {
      while (!killed) {
        const request = nextRequest();
        sent.push(request);
        try {
          acknowledge(request, await send(running.address, request));
        } catch {
          return; // the process died with this request in flight: no answer was given
        }
      }
    };
    const clients = Array.from({ length: CLIENTS }, client);
    await new Promise((resolve) => setTimeout(resolve, random.int(100, 900)));
    killed = true;
    running.child.kill("SIGKILL");
    expect((await exitOf(running.child)).signal).toBe("SIGKILL");
    await Promise.all(clients);
  };

  it(`given ${ROUNDS} rounds of kill -9 during keyed commands, when every request is retried after restart, then each has one effect and one answer`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      platform = await startMain(env);
      // Claims the killed process left are abandoned once the timeout has passed.
      await new Promise((resolve) => setTimeout(resolve, CLAIM_TIMEOUT_MS + 100));
      await retryAll(platform.address, sent);
      await sendUntilKilled(platform);
    }
    platform = await startMain(env);
    await new Promise((resolve) => setTimeout(resolve, CLAIM_TIMEOUT_MS + 100));
    await retryAll(platform.address, sent);
    platform.child.kill("SIGTERM");
    await exitOf(platform.child);
    platform = undefined;

    const store = openSqliteEventStore({ path: join(dataDir, "events.sqlite") });
    const events: RecordedEvent[] = [];
    for await (const event of store.readAll({ streamPrefix: "crm-customer-" })) events.push(event);
    await store.close();

    // Names, summaries and descriptions are stored encrypted (contract 10.1), so each answer is
    // checked by where it says its event is, and duplicates by counting events of each kind.
    const TYPES = { lead: "LeadCreated", interaction: "InteractionLogged", complaint: "ComplaintFiled" };
    const at = new Map(events.map((event) => [`${event.streamName}@${event.revision}`, event]));
    expect(sent.length).toBeGreaterThan(ROUNDS * CLIENTS);
    for (const request of sent) {
      // Every request has an answer by now (the last retries gave the ones the kills took).
      expect(request.answer?.status, request.key).toBeLessThan(300);
      const event = at.get(
        `crm-customer-${request.answer?.body.customerId}@${request.answer?.body.revision}`,
      );
      expect(event?.type, `event of ${request.key}`).toBe(TYPES[request.kind]);
      if (request.kind === "interaction")
        expect((event?.data as { interactionId?: string } | undefined)?.interactionId).toBe(
          request.answer?.body.interactionId,
        );
      if (request.kind === "complaint")
        expect((event?.data as { complaintId?: string } | undefined)?.complaintId).toBe(
          request.answer?.body.complaintId,
        );
    }
    // No request has an effect twice: as many events of each kind as requests of that kind.
    for (const kind of ["lead", "interaction", "complaint"] as const)
      expect(
        events.filter((event) => event.type === TYPES[kind]),
        kind,
      ).toHaveLength(sent.filter((request) => request.kind === kind).length);
  }, 240_000);
});
