import { resolve } from "node:path";
import { loadOrCreateApiKeys, parseApiKeys } from "@crm/api";
import { pino } from "pino";
import { startEmbeddedPlatform } from "./embeddedPlatform.ts";

// `npm start`: the embedded platform on PORT, data in CRM_DATA_DIR.
const logger = pino({ level: process.env.LOG_LEVEL ?? "info" });
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const dataDir = resolve(process.env.CRM_DATA_DIR ?? ".data");

const fromEnv = process.env.CRM_API_KEYS;
const { keys: apiKeys, created } = fromEnv
  ? { keys: parseApiKeys(fromEnv), created: false }
  : loadOrCreateApiKeys(dataDir);

const platform = await startEmbeddedPlatform({ dataDir, apiKeys, logger });
const address = await platform.app.listen({ port, host });

logger.info({ dataDir }, `CRM platform listening on ${address}; API docs at ${address}/docs`);
if (!fromEnv) {
  const where = created ? "created" : "stored";
  process.stdout.write(`\nAPI keys (${where} in ${dataDir}/api-keys.json), one per role:\n`);
  for (const key of apiKeys) process.stdout.write(`  ${key.role.padEnd(8)} ${key.key}\n`);
  process.stdout.write(
    `\nTry: curl -H "Authorization: Bearer <key>" ${address}/api/v1/customers?limit=5\n\n`,
  );
}

const shutdown = async (signal: string) => {
  logger.info(`${signal}: closing`);
  await platform.close();
  process.exit(0);
};
process.once("SIGINT", () => void shutdown("SIGINT"));
process.once("SIGTERM", () => void shutdown("SIGTERM"));
