import { randomUUID } from "node:crypto";
import {
  type CreateLeadBody,
  customerStreamName,
  DomainError,
  decideCustomer,
  duplicateKeysOf,
  GENESIS_HASH,
} from "@crm/domain";
import type { CommandContext } from "./commandContext.ts";
import { loadCustomer } from "./customerStreamReader.ts";
import { holdersOf, keysHeld, readKey, recordWithKeysReserved } from "./duplicateKeyReservations.ts";
import { envelopeEvents } from "./eventEnvelope.ts";
import { RETRY_AT_ONCE, retryLostRaces } from "./lostRaces.ts";
import type { OrganisationDirectory } from "./organisationDirectory.ts";
import { requestFingerprint } from "./requestFingerprint.ts";
import type { CustomerUseCaseDeps } from "./useCaseDeps.ts";

export type LeadRegistered = { customerId: string; revision: number; possibleDuplicates: string[] };

/**
 * Creates a lead unless the same customer is already on file (contract section 2,
 * "Duplicate leads"), and makes a client-supplied customerId an idempotent create.
 */
export const leadRegistration = (
  deps: Pick<CustomerUseCaseDeps, "eventStore" | "clock"> & { directory: OrganisationDirectory },
) => {
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

  const readKeys = (body: CreateLeadBody, customerId: string, now: Date) =>
    Promise.all(
      keysHeld(duplicateKeysOf(body)).map(({ kind, key }) => readKey(store, kind, key, now, customerId)),
    );

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
    const exact = holdersOf(readings);
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

    const reservation = { customerId, clock, now, allowShared: body.allowDuplicate === true };
    await recordWithKeysReserved(store, readings, reservation, () =>
      store.append(
        customerStreamName(customerId),
        envelopeEvents(events, context, now.toISOString(), GENESIS_HASH, {
          requestHash: fingerprint,
          possibleDuplicates,
        }),
        { expectedRevision: "no_stream" },
      ),
    );
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
