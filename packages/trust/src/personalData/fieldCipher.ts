import { createCipheriv, createDecipheriv, type KeyObject, randomBytes } from "node:crypto";

// AES-256-GCM from node:crypto for both jobs: personal fields under a customer's data key,
// and data keys under the master key. The associated data binds a ciphertext to its
// customer, so a value copied into another customer's event does not decrypt there.
// A key used for many values (a customer's data key, read back on every event of the customer)
// is best passed as a KeyObject: given a Buffer, node:crypto imports the key again on each call,
// and that import costs more than the decryption of a short field.

type Key = Buffer | KeyObject;

const IV_BYTES = 12;
const TAG_BYTES = 16;

export const seal = (key: Key, plaintext: Buffer, associated: string): Buffer => {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(associated, "utf8"));
  const sealed = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
};

/** Throws when the key is wrong or the bytes were altered (GCM authenticates them). */
export const open = (key: Key, sealed: Buffer, associated: string): Buffer => {
  const decipher = createDecipheriv("aes-256-gcm", key, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(associated, "utf8"));
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
};

/** How an encrypted field is stored: an object, so it can never be mistaken for a value a client sent. */
export type EncryptedValue = { $encrypted: string };

export const isEncryptedValue = (value: unknown): value is EncryptedValue =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as { $encrypted?: unknown }).$encrypted === "string";

export const encryptValue = (key: Key, value: unknown, customerId: string): EncryptedValue => ({
  $encrypted: seal(key, Buffer.from(JSON.stringify(value), "utf8"), customerId).toString("base64"),
});

export const decryptValue = (key: Key, value: EncryptedValue, customerId: string): unknown =>
  JSON.parse(open(key, Buffer.from(value.$encrypted, "base64"), customerId).toString("utf8"));
