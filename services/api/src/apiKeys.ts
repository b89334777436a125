import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { type ApiKey, ROLES } from "./access.ts";

const apiKeysSchema = z.array(
  z.strictObject({ key: z.string().min(16), actorId: z.string().min(1).max(200), role: z.enum(ROLES) }),
);

/**
 * Parses CRM_API_KEYS (a JSON array of {key, actorId, role}), or the data folder's api-keys.json;
 * a malformed value stops the start with one line saying what is wrong.
 */
export const parseApiKeys = (json: string, source = "CRM_API_KEYS"): ApiKey[] => {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new Error(
      `${source} is not JSON (${(error as Error).message}); expected [{"key","actorId","role"}]`,
    );
  }
  // No keys at all would start a server where every call is 401: surely not what was meant.
  if (Array.isArray(value) && value.length === 0)
    throw new Error(`${source} holds no keys, so every request would be refused (401); give at least one`);
  const parsed = apiKeysSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) =>
      issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message,
    );
    throw new Error(`${source} is not a JSON array of {key, actorId, role}: ${problems.join("; ")}`);
  }
  return parsed.data;
};

/**
 * Without CRM_API_KEYS a first start creates one key per role in the data dir,
 * so a newcomer can call the API at once; later starts reuse them.
 */
export const loadOrCreateApiKeys = (dataDir: string): { keys: ApiKey[]; created: boolean } => {
  const file = join(dataDir, "api-keys.json");
  if (existsSync(file)) return { keys: parseApiKeys(readFileSync(file, "utf8"), file), created: false };
  const keys = ROLES.map((role) => ({
    key: `crm_${role}_${randomBytes(18).toString("base64url")}`,
    actorId: `${role}-1`,
    role,
  }));
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return { keys, created: true };
};
