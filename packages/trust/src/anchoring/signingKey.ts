import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

// Contract section 10.4: the platform's Ed25519 key, generated on first start and kept in the
// data folder. Only the holder of the private key can sign a checkpoint, so a forged or edited
// checkpoint fails verification against the public key served at GET /audit/public-key.

export const SIGNING_KEY_FILE = "history-signing-key.pem";

export type SigningKey = { privateKey: KeyObject; publicKey: KeyObject };

/** The key in `path` (PKCS#8 PEM), created there (readable by the owner only) when missing. */
export const loadOrCreateSigningKey = (path: string): SigningKey => {
  if (existsSync(path)) {
    const privateKey = createPrivateKey(readFileSync(path));
    if (privateKey.asymmetricKeyType !== "ed25519") throw new Error(`${path} holds no Ed25519 key`);
    return { privateKey, publicKey: createPublicKey(privateKey) };
  }
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  mkdirSync(dirname(path), { recursive: true });
  // `wx`: two processes starting at once must not both write a key; the loser reads the winner's.
  try {
    writeFileSync(path, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return loadOrCreateSigningKey(path);
    throw error;
  }
  return { privateKey, publicKey };
};

/** The public key as served: SPKI PEM. */
export const publicKeyPem = (key: KeyObject): string =>
  key.export({ type: "spki", format: "pem" }).toString();
