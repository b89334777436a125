import { randomUUID } from "node:crypto";
import {
  type CommandContext,
  type IdempotencyKeys,
  type IdempotencyMark,
  requestFingerprint,
} from "@crm/customers";
import type { FastifyReply, FastifyRequest } from "fastify";
import { ApiError } from "./apiError.ts";
import { errorResponse } from "./errorResponses.ts";

export type CommandResult = { status: number; body: unknown };

const MAX_IDEMPOTENCY_KEY = 200;

/**
 * If-Match: "<revision>" (weak validators and bare numbers accepted); absent means "retry for me",
 * and so does `*`, which HTTP defines as "any current revision" (a missing customer is 404 anyway).
 */
const parseIfMatch = (request: FastifyRequest): number | undefined => {
  const header = request.headers["if-match"];
  if (header === undefined || String(header).trim() === "*") return undefined;
  const match = String(header)
    .trim()
    .match(/^(?:W\/)?"?(\d{1,15})"?$/);
  if (!match?.[1])
    throw new ApiError(400, "validation_failed", "If-Match must be a quoted revision number", [
      { path: "If-Match", in: "headers", message: 'must look like "3"' },
    ]);
  return Number(match[1]);
};

/** The claim a keyed request runs under, so every command context of the request carries it. */
const claimsOfRequests = new WeakMap<FastifyRequest, IdempotencyMark>();

export const commandContext = (request: FastifyRequest, commandName: string): CommandContext => {
  const expectedRevision = parseIfMatch(request);
  const idempotency = claimsOfRequests.get(request);
  return {
    actor: request.actor,
    correlationId: request.correlationId,
    commandId: randomUUID(),
    commandName,
    ...(expectedRevision === undefined ? {} : { expectedRevision }),
    ...(idempotency === undefined ? {} : { idempotency }),
  };
};

/** A command as the responder runs it: its name, whom it acts on, how it runs, how a lost answer is found. */
export type RespondableCommand = {
  /** Recorded as the events' `command` and checked against the key's role. */
  name: string;
  /** The customer the command acts on; for a new lead, the id proposed for it. */
  target?: string;
  execute: (context: CommandContext, target: string | undefined) => Promise<CommandResult>;
  /**
   * The first answer, rebuilt from the events earlier attempts of this same request appended
   * (a crash took the stored answer); undefined when they appended nothing, so it runs now.
   */
  recover?: (target: string | undefined, earlierAttempts: string[]) => Promise<CommandResult | undefined>;
};

/**
 * Runs a command and answers it; with an Idempotency-Key, a repeat of the same
 * request gets the first answer (refusals included) and appends nothing, after a
 * crash too: then the answer is rebuilt from the events the first attempt appended.
 * A failure that is ours or the store's releases the key so the client can retry.
 */
export const respondToCommand = async (
  idempotency: IdempotencyKeys,
  request: FastifyRequest,
  reply: FastifyReply,
  // A bare function is a command that cannot rebuild a lost answer: its events still carry the
  // claim (through commandContext), but a retry after a crash runs it again under its own rules.
  commandOrExecute: RespondableCommand | (() => Promise<CommandResult>),
) => {
  const command: RespondableCommand =
    typeof commandOrExecute === "function"
      ? { name: "command", execute: () => commandOrExecute() }
      : commandOrExecute;
  const key = request.headers["idempotency-key"];
  if (key === undefined) {
    const result = await command.execute(commandContext(request, command.name), undefined);
    return reply.code(result.status).send(result.body);
  }
  if (typeof key !== "string" || key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY)
    throw new ApiError(400, "validation_failed", "Idempotency-Key must be 1 to 200 characters", [
      { path: "Idempotency-Key", in: "headers", message: "must be 1 to 200 characters" },
    ]);
  const fingerprint = requestFingerprint({
    method: request.method,
    route: request.url.split("?")[0],
    body: request.body ?? null,
  });
  const claim = await idempotency.claim(request.actor.id, key, fingerprint, command.target);
  if (claim.kind === "replay") {
    reply.header("idempotent-replayed", "true");
    return reply.code(claim.response.status).send(claim.response.body);
  }
  let result: CommandResult;
  try {
    const recovered =
      claim.earlierAttempts.length > 0 && command.recover
        ? await command.recover(claim.target, claim.earlierAttempts)
        : undefined;
    if (recovered) reply.header("idempotent-replayed", "true");
    claimsOfRequests.set(request, claim.mark);
    result = recovered ?? (await command.execute(commandContext(request, command.name), claim.target));
  } catch (error) {
    const refusal = errorResponse(error);
    if (!refusal || refusal.status >= 500) {
      await claim
        .release()
        .catch((releaseError) => request.log.warn({ err: releaseError }, "key not released"));
      throw error;
    }
    result = { status: refusal.status, body: refusal.body };
  }
  // The command is recorded whatever happens to this bookkeeping write; a client retrying after
  // a lost record finds the key abandoned, and the answer in the events the command appended.
  await claim
    .complete(result)
    .catch((error) => request.log.warn({ err: error }, "idempotent response not recorded"));
  return reply.code(result.status).send(result.body);
};
