import {
  DomainError,
  type DuplicateKeys,
  decideCustomer,
  duplicateKeysOf,
  type UpdateProfileBody,
} from "@crm/domain";
import type { CommandContext } from "./commandContext.ts";
import { loadForCommand } from "./customerStreamReader.ts";
import { holdersOf, keysHeld, readKey, recordWithKeysReserved } from "./duplicateKeyReservations.ts";
import { RETRY_AT_ONCE, retryLostRaces } from "./lostRaces.ts";
import type { CommandOutcome } from "./runCustomerCommand.ts";
import type { CustomerUseCaseDeps } from "./useCaseDeps.ts";

// Contract 9.1: a profile change, with the duplicate keys following the profile. A new email,
// phone or organisation key is reserved like a new lead's (appended to the key's stream with the
// revision read, so of two customers changed to one email at once only one gets it); a key the
// customer no longer has stops counting as soon as the change is recorded, because a key belongs
// to whoever's profile has it now (duplicateKeyReservations.ts).

const newKeys = (before: DuplicateKeys, after: DuplicateKeys) =>
  keysHeld(after).filter(({ kind, key }) => key !== before[kind]);

export const profileUpdate = (deps: CustomerUseCaseDeps) => {
  const { eventStore: store, clock, runCommand } = deps;

  const attempt = async (
    customerId: string,
    body: UpdateProfileBody,
    context: CommandContext,
  ): Promise<CommandOutcome> => {
    const now = clock();
    const { allowDuplicate, occurredAt, ...fields } = body;
    const command = {
      type: "UpdateProfile" as const,
      ...fields,
      occurredAt: occurredAt ?? now.toISOString(),
    };
    const loaded = await loadForCommand(store, customerId, context);
    // Decided first, so that a refused or empty change never reserves a key.
    const [updated] = decideCustomer(command, loaded.state);
    if (updated?.type !== "ProfileUpdated") return { customerId, revision: loaded.revision, appended: 0 };
    const profile = { ...loaded.state.profile };
    for (const [field, change] of Object.entries(updated.data.changes))
      Object.assign(profile, { [field]: change.to });

    const readings = await Promise.all(
      newKeys(duplicateKeysOf(loaded.state.profile), duplicateKeysOf(profile)).map(({ kind, key }) =>
        readKey(store, kind, key, now, customerId),
      ),
    );
    const holders = holdersOf(readings);
    if (holders.length > 0 && allowDuplicate !== true)
      throw new DomainError("duplicate", "another customer has this email, phone or organisation", {
        duplicateOf: holders,
      });

    const reservation = {
      customerId,
      clock,
      now,
      allowShared: allowDuplicate === true,
      commandId: context.commandId,
    };
    return recordWithKeysReserved(store, readings, reservation, () =>
      runCommand(customerId, () => command, context),
    );
  };

  return async (
    customerId: string,
    body: UpdateProfileBody,
    context: CommandContext,
  ): Promise<CommandOutcome> => {
    // Another customer may reserve one of the keys between our read and our write: read again,
    // and the next attempt sees who holds it.
    return retryLostRaces(() => attempt(customerId, body, context), RETRY_AT_ONCE);
  };
};

export type ProfileUpdate = ReturnType<typeof profileUpdate>;
