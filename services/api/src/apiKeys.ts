import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { type ApiKey, ROLES } from "./access.ts";

const apiKeysSchema = z.array(
  z.strictObject({ key: z.string().min(16), actorId: z.string().min(1).max(200), role: z.enum(ROLES) }),
);

/** Parses CRM_API_KEYS (a JSON array of {key, actorId, role}); a malformed value stops the start. */
export const parseApiKeys = (json: string): ApiKey[] => {
  const parsed = apiKeysSchema.safeParse(JSON.parse(json));
  if (!parsed.success)
    throw new Error(`CRM_API_KEYS is not a JSON array of {key, actorId, role}: ${parsed.error}`);
  return parsed.data;
};

/**
 * Without CRM_API_KEYS a first start creates one key per role in the data dir,
 * so a newcomer can call the API at once; later starts reuse them.
 */
export const loadOrCreateApiKeys = (dataDir: string): { keys: ApiKey[]; created: boolean } => {
  const file = join(dataDir, "api-keys.json");
  if (existsSync(file)) return { keys: parseApiKeys(readFileSync(file, "utf8")), created: false };
  const keys = ROLES.map((role) => ({
    key: `crm_${role}_${randomBytes(18).toString("base64url")}`,
    actorId: `${role}-1`,
    role,
  }));
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return { keys, created: true };
};
