import { createHash, randomUUID } from "node:crypto";
import { type DuplicateKeys, duplicateKeysOf, foldCustomer } from "@crm/domain";
import type { EventStore, ExpectedRevision } from "@crm/event-store";
import { readCustomerEvents } from "./customerStreamReader.ts";

// Exact duplicates must stay caught under concurrency, and event stores only
// promise atomicity per stream. So each normalised key (email, phone,
// organisation) owns a reservation stream: a create appends to it expecting
// the revision it read, and of two racing creates only one can.

export const DUPLICATE_KEY_KINDS = ["email", "phone", "organisation"] as const;
export type DuplicateKeyKind = (typeof DUPLICATE_KEY_KINDS)[number];

/**
 * The keys a customer has, each with its kind: a customer without a phone has no phone key, and
 * nothing is held under an empty key (a name of punctuation alone normalises to one).
 */
export const keysHeld = (keys: DuplicateKeys): Array<{ kind: DuplicateKeyKind; key: string }> =>
  DUPLICATE_KEY_KINDS.flatMap((kind) => {
    const key = keys[kind];
    return key ? [{ kind, key }] : [];
  });

/** A reservation younger than this whose customer stream is still missing is a create in flight. */
const IN_FLIGHT_MS = 30_000;

export const RESERVATION_STREAM_PREFIX = "crm-dupkey-";

/** The stream that holds a normalised key's reservations (an event store may rename it further). */
export const reservationStream = (kind: DuplicateKeyKind, key: string): string =>
  `${RESERVATION_STREAM_PREFIX}${kind}-${createHash("sha256").update(key).digest("hex").slice(0, 40)}`;

/** `commandId`: the profile change that reserved the key (contract 9.1); creates do not name theirs. */
type Holder = { customerId: string; reservedAt: string; commandId?: string };

export type KeyReading = {
  kind: DuplicateKeyKind;
  key: string;
  stream: string;
  expectedRevision: ExpectedRevision;
  /** Customers that hold this key and exist, or are being created right now. */
  holders: string[];
};

// A create may be retried while the first attempt still runs (same client customerId), and a
// losing attempt gives back what it reserved. So a release names the reservation (its event id),
// not the customer: releasing by customer would also free the winning attempt's reservation and
// let the next lead with the same email through.
const readHolders = async (store: EventStore, stream: string) => {
  const events = await store.readStream(stream);
  const reservations = new Map<string, Holder>();
  for (const event of events) {
    const data = event.data as { customerId: string; reservationId?: string; commandId?: string };
    if (event.type === "DuplicateKeyReserved")
      reservations.set(event.eventId, {
        customerId: data.customerId,
        reservedAt: String(event.metadata.recordedAt),
        ...(data.commandId ? { commandId: data.commandId } : {}),
      });
    else if (event.type === "DuplicateKeyReleased" && data.reservationId)
      reservations.delete(data.reservationId);
    // Releases written before reservations had ids name only the customer.
    else if (event.type === "DuplicateKeyReleased")
      for (const [id, holder] of reservations)
        if (holder.customerId === data.customerId) reservations.delete(id);
  }
  const latestByCustomer = new Map<string, Holder>();
  for (const holder of reservations.values()) {
    const known = latestByCustomer.get(holder.customerId);
    if (!known || Date.parse(holder.reservedAt) > Date.parse(known.reservedAt))
      latestByCustomer.set(holder.customerId, holder);
  }
  return { revision: events.at(-1)?.revision ?? -1, holders: [...latestByCustomer.values()] };
};

const MAX_MERGE_CHAIN = 100;

/**
 * Contract 9.1 / 9.2: a key belongs to the customer whose profile has it now, and a merged
 * duplicate's keys to its survivor (the end of the merge chain). Null when the holder no longer
 * has the key (it changed its profile) or does not exist (its create never finished). Reading the
 * profile, rather than trusting release events, keeps a crash between a profile change and its
 * bookkeeping from holding a key forever.
 */
const ownerOfKey = async (
  store: EventStore,
  holder: Holder,
  kind: DuplicateKeyKind,
  key: string,
  now: Date,
): Promise<string | null> => {
  const events = await readCustomerEvents(store, holder.customerId);
  let customer = foldCustomer(events);
  // A reservation whose command is not recorded yet is a create or a change in flight, for a while.
  const recorded =
    holder.commandId === undefined
      ? customer !== null
      : events.some((event) => event.metadata.causationId === holder.commandId);
  if (!recorded && now.getTime() - Date.parse(holder.reservedAt) < IN_FLIGHT_MS) return holder.customerId;
  if (customer === null || duplicateKeysOf(customer.profile)[kind] !== key) return null;
  let owner = holder.customerId;
  for (let hops = 0; customer?.mergedInto && hops < MAX_MERGE_CHAIN; hops++) {
    owner = customer.mergedInto;
    customer = foldCustomer(await readCustomerEvents(store, owner));
  }
  return owner;
};

/**
 * Who holds a key now. A reservation whose create or profile change never finished (a crash)
 * stops counting after a while.
 */
export const readKey = async (
  store: EventStore,
  kind: DuplicateKeyKind,
  key: string,
  now: Date,
  self: string,
): Promise<KeyReading> => {
  const stream = reservationStream(kind, key);
  const { revision, holders } = await readHolders(store, stream);
  const live = new Set<string>();
  for (const holder of holders) {
    if (holder.customerId === self) continue;
    const owner = await ownerOfKey(store, holder, kind, key, now);
    if (owner !== null && owner !== self) live.add(owner);
  }
  return {
    kind,
    key,
    stream,
    expectedRevision: revision === -1 ? "no_stream" : revision,
    holders: [...live],
  };
};

/** The other customers that hold any of the keys read, each once, in id order. */
export const holdersOf = (readings: KeyReading[]): string[] =>
  [...new Set(readings.flatMap((reading) => reading.holders))].sort();

const reservationEvent = (type: string, data: object, recordedAt: string) => ({
  eventId: randomUUID(),
  type,
  data,
  metadata: { recordedAt },
});

/** A reservation made by one create attempt: what that attempt gives back if it does not happen. */
export type KeyReservation = { reading: KeyReading; customerId: string; reservationId: string };

/** Appends the reservation expecting the revision read: a concurrent reservation makes this throw. */
export const reserveKey = async (
  store: EventStore,
  reading: KeyReading,
  customerId: string,
  now: Date,
  allowShared: boolean,
  commandId?: string,
): Promise<KeyReservation> => {
  const event = reservationEvent(
    "DuplicateKeyReserved",
    { customerId, kind: reading.kind, key: reading.key, ...(commandId ? { commandId } : {}) },
    now.toISOString(),
  );
  await store.append(reading.stream, [event], {
    expectedRevision: allowShared ? "any" : reading.expectedRevision,
  });
  return { reading, customerId, reservationId: event.eventId };
};

/** Gives a key back when the create that reserved it did not happen. */
export const releaseKey = async (store: EventStore, reservation: KeyReservation, now: Date) => {
  const { reading, customerId, reservationId } = reservation;
  await store.append(
    reading.stream,
    [reservationEvent("DuplicateKeyReleased", { customerId, reservationId }, now.toISOString())],
    { expectedRevision: "any" },
  );
};

/**
 * Reserves every key read for the customer, then records what reserved them (a new lead, a
 * profile change). If reserving or recording fails, the keys reserved are given back, so a lost
 * race or a refusal does not keep a key from the next customer who has it. Each key has its own
 * stream, so the reservations are appended together and share one group commit (one fsync)
 * instead of waiting for one another's.
 */
export const recordWithKeysReserved = async <T>(
  store: EventStore,
  readings: KeyReading[],
  reservation: { customerId: string; clock: () => Date; now: Date; allowShared: boolean; commandId?: string },
  record: () => Promise<T>,
): Promise<T> => {
  const { customerId, clock, now, allowShared, commandId } = reservation;
  const reserved: KeyReservation[] = [];
  try {
    const reservations = await Promise.allSettled(
      readings.map((reading) => reserveKey(store, reading, customerId, now, allowShared, commandId)),
    );
    for (const reservation of reservations)
      if (reservation.status === "fulfilled") reserved.push(reservation.value);
    const refused = reservations.find((reservation) => reservation.status === "rejected");
    if (refused) throw refused.reason;
    return await record();
  } catch (error) {
    await Promise.allSettled(reserved.map((reservation) => releaseKey(store, reservation, clock())));
    throw error;
  }
};
