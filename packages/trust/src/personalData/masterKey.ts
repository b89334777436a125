import { hkdfSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

// Contract 10.1: the master key wraps every customer's data key, so neither a copy of the
// event store nor one of the key store alone reveals a name. It comes from the environment
// (CRM_MASTER_KEY, 32 bytes in base64), else from a file created in the data folder on
// first start. Keeping it elsewhere than the data folder is what makes a stolen backup of
// that folder unreadable; the file is the zero-configuration default.

export const MASTER_KEY_FILE = "master.key";
const KEY_BYTES = 32;

const decoded = (text: string, from: string): Buffer => {
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== KEY_BYTES) throw new Error(`${from} must hold ${KEY_BYTES} bytes in base64`);
  return key;
};

export const loadOrCreateMasterKey = (fromEnvironment: string | undefined, file: string): Buffer => {
  if (fromEnvironment) return decoded(fromEnvironment, "CRM_MASTER_KEY");
  if (existsSync(file)) return decoded(readFileSync(file, "utf8"), file);
  mkdirSync(dirname(file), { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(KEY_BYTES).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return decoded(readFileSync(file, "utf8"), file);
};

/** A key for one purpose derived from the master key, so no two purposes share key material. */
export const derivedKey = (masterKey: Buffer, purpose: string): Buffer =>
  Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), `crm ${purpose}`, KEY_BYTES));
