import { createHmac, createSecretKey, type KeyObject, randomBytes } from "node:crypto";
import {
  CUSTOMER_STREAM_PREFIX,
  chainHash,
  customerIdOfStream,
  DomainError,
  type EventMetadata,
} from "@crm/domain";
import type { EventStore, NewEvent, RecordedEvent } from "@crm/event-store";
import { decryptValue, encryptValue, isEncryptedValue, open, seal } from "./fieldCipher.ts";
import type { PersonalDataKeyStore } from "./keyStore.ts";
import { derivedKey } from "./masterKey.ts";
import { personalFieldsOf, setValueAt, valueAt } from "./personalFields.ts";
import { recentDecryptions } from "./recentDecryptions.ts";

// Contract 10.1 at the event-store port: everything above this decorator sees personal fields
// in the clear; everything below (the store's files, EventStoreDB, backups) sees only
// ciphertext under the customer's own data key. The hash chain is taken over the stored,
// encrypted form, so it still verifies after the key is destroyed. Once it is, the fields read
// as erased (names "[erased]", the rest null), old plaintext events of that customer included.
// Duplicate-key reservation streams are renamed by a keyed hash (HMAC) of their key and keep
// no plaintext key, so an email cannot be confirmed by hashing guesses.

const KEY_CACHE_MS = 5_000;
const DATA_KEY_BYTES = 32;
const RESERVATION_STREAM = /^crm-dupkey-([a-z]+)-([0-9a-f]+)$/;

type CachedKey = { key: KeyObject | "destroyed" | undefined; at: number };
/** An append to an erased customer is refused; a migration of its old plaintext shreds it instead. */
type WhenErased = "refuse" | "shred";

export type ProtectedEventStore = {
  eventStore: EventStore;
  /** Drops a customer's cached key (this process just destroyed it). */
  forget(customerId: string): void;
  /** The reservation stream name a duplicate key really has in the store. */
  storedStreamName(stream: string): string;
  /**
   * A customer's events as they are to be stored: plaintext personal fields encrypted (or, for
   * an erased customer, shredded), hashes re-chained from the first event's prevHash. For the
   * migration of events written before encryption existed.
   */
  sealForStorage(customerId: string, events: NewEvent[]): Promise<NewEvent[]>;
  /** A reservation event as it is to be stored (no plaintext key). */
  withoutPlainKey(event: NewEvent): NewEvent;
};

export const withPersonalDataProtection = (
  store: EventStore,
  deps: { keys: PersonalDataKeyStore; masterKey: Buffer },
): ProtectedEventStore => {
  const keyWrapping = createSecretKey(derivedKey(deps.masterKey, "data key wrapping"));
  const reservationSecret = derivedKey(deps.masterKey, "duplicate keys");
  const cache = new Map<string, CachedKey>();
  const decryptions = recentDecryptions();

  const storedStreamName = (stream: string): string => {
    const match = RESERVATION_STREAM.exec(stream);
    if (!match) return stream;
    const keyed = createHmac("sha256", reservationSecret)
      .update(match[2] as string)
      .digest("hex")
      .slice(0, 40);
    // The `k` marks a keyed name, so a name already stored is never hashed again.
    return `crm-dupkey-${match[1]}-k${keyed}`;
  };

  const keyOf = async (customerId: string, create: boolean): Promise<KeyObject | "destroyed" | undefined> => {
    const cached = cache.get(customerId);
    if (cached && Date.now() - cached.at < KEY_CACHE_MS && (cached.key !== undefined || !create))
      return cached.key;
    let stored = await deps.keys.find(customerId);
    if (!stored && create)
      stored = await deps.keys.create(customerId, seal(keyWrapping, randomBytes(DATA_KEY_BYTES), customerId));
    const key =
      stored === undefined
        ? undefined
        : stored.state === "destroyed"
          ? "destroyed"
          : createSecretKey(open(keyWrapping, stored.wrappedKey, customerId));
    cache.set(customerId, { key, at: Date.now() });
    return key;
  };

  const encryptEvent = async (
    customerId: string,
    event: NewEvent,
    whenErased: WhenErased,
  ): Promise<NewEvent> => {
    const key = await keyOf(customerId, false);
    if (key === "destroyed" && whenErased === "refuse" && event.type !== "PersonalDataErased")
      throw new DomainError("erased", "the customer's personal data was erased; no further commands");
    const fields = personalFieldsOf(event.type).filter((field) => {
      const value = valueAt(event.data, field.path);
      return value !== null && value !== undefined && !isEncryptedValue(value);
    });
    if (fields.length === 0) return event;
    // Shredding: under a key that is never stored, the value is as gone as the customer's own key.
    const dataKey =
      key === "destroyed" ? randomBytes(DATA_KEY_BYTES) : ((await keyOf(customerId, true)) as KeyObject);
    const data = structuredClone(event.data);
    for (const field of fields)
      setValueAt(data, field.path, encryptValue(dataKey, valueAt(data, field.path), customerId));
    return { ...event, data };
  };

  /** The events as they will be stored: encrypted, each hash taken over that form and linked to the one before. */
  const sealedCustomerEvents = async (
    customerId: string,
    events: NewEvent[],
    whenErased: WhenErased = "refuse",
  ): Promise<NewEvent[]> => {
    const sealed: NewEvent[] = [];
    let previous = (events[0]?.metadata as Partial<EventMetadata> | undefined)?.prevHash;
    for (const event of events) {
      const encrypted = await encryptEvent(customerId, event, whenErased);
      if (typeof previous !== "string") {
        sealed.push(encrypted);
        continue;
      }
      const { hash: _plainHash, ...metadata } = {
        ...(encrypted.metadata as EventMetadata),
        prevHash: previous,
      };
      const hash = chainHash({ type: encrypted.type, data: encrypted.data, metadata });
      sealed.push({ ...encrypted, metadata: { ...metadata, hash } });
      previous = hash;
    }
    return sealed;
  };

  const withoutPlainKey = (event: NewEvent): NewEvent => {
    if (event.type !== "DuplicateKeyReserved") return event;
    const { key: _plain, ...data } = event.data as Record<string, unknown>;
    return { ...event, data };
  };

  const decrypted = async (event: RecordedEvent): Promise<RecordedEvent> => {
    const customerId = customerIdOfStream(event.streamName);
    const fields = personalFieldsOf(event.type);
    if (customerId === null || fields.length === 0) return event;
    const present = fields.filter((field) => {
      const value = valueAt(event.data, field.path);
      return value !== null && value !== undefined;
    });
    if (present.length === 0) return event;
    const key = await keyOf(customerId, false);
    const known = decryptions.find(event.position, event.eventId, key);
    if (known !== undefined) return { ...event, data: known };
    const data = structuredClone(event.data);
    for (const field of present) {
      const value = valueAt(data, field.path);
      if (key === "destroyed") setValueAt(data, field.path, field.erased);
      else if (isEncryptedValue(value))
        setValueAt(
          data,
          field.path,
          key === undefined ? field.erased : readable(key, value, customerId, field.erased),
        );
    }
    return { ...event, data: decryptions.keep(event.position, event.eventId, key, data) };
  };
  const readable = (key: KeyObject, value: { $encrypted: string }, customerId: string, erased: unknown) => {
    try {
      return decryptValue(key, value, customerId);
    } catch {
      // Altered ciphertext: verify names the event; reads show what they can.
      return erased;
    }
  };

  const eventStore: EventStore = {
    append: async (stream, events, options) => {
      const customerId = customerIdOfStream(stream);
      if (customerId !== null)
        return store.append(stream, await sealedCustomerEvents(customerId, events), options);
      return store.append(storedStreamName(stream), events.map(withoutPlainKey), options);
    },
    readStream: async (stream, options) => {
      if (!stream.startsWith(CUSTOMER_STREAM_PREFIX))
        return store.readStream(storedStreamName(stream), options);
      return Promise.all((await store.readStream(stream, options)).map(decrypted));
    },
    readAll: (options) => {
      const events = store.readAll(options);
      return (async function* () {
        for await (const event of events) yield await decrypted(event);
      })();
    },
    subscribeToAll: (handler, options) =>
      store.subscribeToAll(async (event) => handler(await decrypted(event)), options),
    close: () => store.close(),
  };

  return {
    eventStore,
    forget: (customerId) => cache.delete(customerId),
    storedStreamName,
    sealForStorage: (customerId, events) => sealedCustomerEvents(customerId, events, "shred"),
    withoutPlainKey,
  };
};
