import { randomUUID } from "node:crypto";
import {
  type CreateLeadBody,
  customerStreamName,
  DomainError,
  decideCustomer,
  duplicateKeysOf,
  GENESIS_HASH,
} from "@crm/domain";
import type { EventStore } from "@crm/event-store";
import type { Clock, CommandContext } from "./commandContext.ts";
import { loadCustomer } from "./customerStreamReader.ts";
import {
  type DuplicateKeyKind,
  type KeyReservation,
  readKey,
  releaseKey,
  reserveKey,
} from "./duplicateKeyReservations.ts";
import { envelopeEvents } from "./eventEnvelope.ts";
import { RETRY_AT_ONCE, retryLostRaces } from "./lostRaces.ts";
import type { OrganisationDirectory } from "./organisationDirectory.ts";
import { requestFingerprint } from "./requestFingerprint.ts";

export type LeadRegistered = { customerId: string; revision: number; possibleDuplicates: string[] };

/**
 * Creates a lead unless the same customer is already on file (contract section 2,
 * "Duplicate leads"), and makes a client-supplied customerId an idempotent create.
 */
export const leadRegistration = (deps: {
  eventStore: EventStore;
  clock: Clock;
  directory: OrganisationDirectory;
}) => {
  const { eventStore: store, clock, directory } = deps;

  /** A create repeated under an existing id: the first answer if it is the same request, else a conflict. */
  const repeatedCreate = async (customerId: string, fingerprint: string): Promise<LeadRegistered | null> => {
    const existing = await loadCustomer(store, customerId);
    const created = existing.events[0];
    if (!created) return null;
    if (created.metadata.requestHash !== fingerprint)
      throw new DomainError("conflict", "a customer with this customerId exists with a different body");
    return { customerId, revision: 0, possibleDuplicates: created.metadata.possibleDuplicates ?? [] };
  };

  const readKeys = (body: CreateLeadBody, customerId: string, now: Date) => {
    const keys = duplicateKeysOf(body);
    const kinds: DuplicateKeyKind[] = ["email", "phone", "organisation"];
    return Promise.all(
      kinds.flatMap((kind) => {
        const key = keys[kind];
        return key ? [readKey(store, kind, key, now, customerId)] : [];
      }),
    );
  };

  const referrerExists = async (referredBy: string | null | undefined) =>
    referredBy ? (await store.readStream(customerStreamName(referredBy))).length > 0 : false;

  const attempt = async (
    body: CreateLeadBody,
    customerId: string,
    fingerprint: string,
    context: CommandContext,
  ): Promise<LeadRegistered> => {
    const now = clock();
    const readings = await readKeys(body, customerId, now);
    const exact = [...new Set(readings.flatMap((reading) => reading.holders))].sort();
    if (exact.length > 0 && !body.allowDuplicate)
      throw new DomainError("duplicate", "a customer with the same email, phone or organisation exists", {
        duplicateOf: exact,
      });

    const { customerId: _id, allowDuplicate: _allow, occurredAt, ...lead } = body;
    const events = decideCustomer(
      {
        type: "CreateLead",
        ...lead,
        customerId,
        referrerExists: await referrerExists(body.referredBy),
        occurredAt: occurredAt ?? now.toISOString(),
      },
      null,
    );
    const organisationKey = duplicateKeysOf(body).organisation;
    const possibleDuplicates = [
      ...new Set([...exact, ...(organisationKey ? directory.nearMatches(organisationKey) : [])]),
    ].filter((id) => id !== customerId);

    const reserved: KeyReservation[] = [];
    try {
      // Each key has its own stream, so the reservations are appended together and share one
      // group commit (one fsync) instead of waiting for one another's.
      const reservations = await Promise.allSettled(
        readings.map((reading) => reserveKey(store, reading, customerId, now, body.allowDuplicate === true)),
      );
      for (const reservation of reservations)
        if (reservation.status === "fulfilled") reserved.push(reservation.value);
      const refused = reservations.find((reservation) => reservation.status === "rejected");
      if (refused) throw refused.reason;
      await store.append(
        customerStreamName(customerId),
        envelopeEvents(events, context, now.toISOString(), GENESIS_HASH, {
          requestHash: fingerprint,
          possibleDuplicates,
        }),
        { expectedRevision: "no_stream" },
      );
    } catch (error) {
      await Promise.allSettled(reserved.map((reservation) => releaseKey(store, reservation, clock())));
      throw error;
    }
    if (organisationKey) directory.add(customerId, organisationKey);
    return { customerId, revision: 0, possibleDuplicates };
  };

  /**
   * `assignedId` is the id an Idempotency-Key claim chose for this request: like a client's
   * customerId it makes the create idempotent, so a retry after a crash answers as the first did.
   */
  return async (
    body: CreateLeadBody,
    context: CommandContext,
    assignedId?: string,
  ): Promise<LeadRegistered> => {
    const customerId = body.customerId ?? assignedId ?? randomUUID();
    const fingerprint = requestFingerprint(body);
    // Another create may reserve a key, or take this customerId, between our read and our write.
    return retryLostRaces(async () => {
      if (body.customerId || assignedId) {
        const repeat = await repeatedCreate(customerId, fingerprint);
        if (repeat) return repeat;
      }
      return attempt(body, customerId, fingerprint, context);
    }, RETRY_AT_ONCE);
  };
};

export type LeadRegistration = ReturnType<typeof leadRegistration>;
