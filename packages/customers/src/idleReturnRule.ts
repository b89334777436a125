import { randomUUID } from "node:crypto";
import { type Actor, DomainError } from "@crm/domain";
import type { Clock } from "./commandContext.ts";
import type { CustomerCommandRunner } from "./runCustomerCommand.ts";

// Contract 9.3, the return rule: the platform itself gives back to the pool each customer whose
// owner left it idle for `idleDays`. It runs on start and then every `everyMs`. Each return is
// decided on the customer's own stream and appended with the revision that decision read: a second
// instance, or this one after a restart, finds the customer already in the pool and records
// nothing, so a customer goes back once per idle period however many instances look.

export const POOL_RULE_ACTOR: Actor = { id: "system:pool-rule", role: "system" };
export const DEFAULT_POOL_IDLE_DAYS = 30;
const HOUR_MS = 3_600_000;

export type IdleReturnRule = {
  /** One pass over the candidates; resolves with the customers it returned to the pool. */
  runOnce(): Promise<string[]>;
  /** The pass on start: resolves once it has run (with what it returned; empty if it failed). */
  startPass: Promise<string[]>;
  stop(): Promise<void>;
};

export const startIdleReturnRule = (deps: {
  runCommand: CustomerCommandRunner;
  /** Customers that may be idle at `now` (from a read model; the stream has the last word). */
  findCandidates: (idleDays: number, now: Date) => Promise<string[]>;
  clock: Clock;
  idleDays?: number;
  everyMs?: number;
  /** Resolves when the candidates' source has caught up, so the first pass sees every customer. */
  ready?: Promise<unknown>;
  onError?: (error: unknown) => void;
}): IdleReturnRule => {
  const idleDays = deps.idleDays ?? DEFAULT_POOL_IDLE_DAYS;
  let running: Promise<string[]> | undefined;
  let stopped = false;

  const returnIfIdle = async (customerId: string, now: Date, correlationId: string): Promise<boolean> => {
    try {
      const outcome = await deps.runCommand(
        customerId,
        (state) => ({
          type: "ReturnIdleCustomer",
          idleDays,
          // Never before the customer's latest event (a command may be dated a little ahead).
          occurredAt: new Date(
            Math.max(now.getTime(), Date.parse(state?.latestOccurredAt ?? now.toISOString())),
          ).toISOString(),
        }),
        { actor: POOL_RULE_ACTOR, correlationId, commandId: randomUUID(), commandName: "returnIdleCustomer" },
      );
      return outcome.appended > 0;
    } catch (error) {
      if (!(error instanceof DomainError)) deps.onError?.(error);
      return false;
    }
  };

  const pass = async (): Promise<string[]> => {
    const now = deps.clock();
    const correlationId = randomUUID();
    const returned: string[] = [];
    for (const customerId of await deps.findCandidates(idleDays, now)) {
      if (stopped) break;
      if (await returnIfIdle(customerId, now, correlationId)) returned.push(customerId);
    }
    return returned;
  };

  const runOnce = () => {
    // One pass at a time: a pass still running when the next is due is the next.
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  };

  const timer = setInterval(
    () => void runOnce().catch((error) => deps.onError?.(error)),
    deps.everyMs ?? HOUR_MS,
  );
  timer.unref();
  const startPass = Promise.resolve(deps.ready)
    .then(() => (stopped ? [] : runOnce()))
    .catch((error: unknown) => {
      deps.onError?.(error);
      return [];
    });

  return {
    runOnce,
    startPass,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
};
