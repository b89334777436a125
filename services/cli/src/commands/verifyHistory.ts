import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { CUSTOMER_STREAM_PREFIX } from "@crm/domain";
import { storesFromEnvironment } from "@crm/platform";
import { anchorRecords, loadOrCreateSigningKey, SIGNING_KEY_FILE, verifyAnchoredHistory } from "@crm/trust";
import { dataDirOf } from "../stores.ts";

const USAGE = `crm verify --all [--data-dir DIR]
Recomputes every customer's hash chain and the global chain against the signed checkpoints
and prints the verdict as JSON; exit code 0 when everything holds, 1 at the first break.
The stores come from EVENTSTORE_URL / MONGO_URL when set, else the data folder.`;

/** Contract section 10.4: `crm verify --all`, the same check as GET /audit/verify. */
export const verifyHistory = async (args: string[]): Promise<number> => {
  const { values } = parseArgs({
    args,
    options: { all: { type: "boolean" }, "data-dir": { type: "string" } },
  });
  if (!values.all) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const dataDir = dataDirOf(values["data-dir"]);
  const keyFile = process.env.CRM_SIGNING_KEY_FILE ?? join(dataDir, SIGNING_KEY_FILE);
  // Never create a key here: a verifier that made its own key would vouch for nothing.
  if (!existsSync(keyFile)) {
    process.stderr.write(`no signing key at ${keyFile}: start the platform once on this data folder\n`);
    return 2;
  }
  const { publicKey } = loadOrCreateSigningKey(keyFile);
  const stores = await storesFromEnvironment(process.env, dataDir);
  try {
    const verdict = await verifyAnchoredHistory(
      stores.eventStore.readAll({ streamPrefix: CUSTOMER_STREAM_PREFIX }),
      await anchorRecords(stores.readStore).checkpoints(),
      publicKey,
    );
    process.stdout.write(`${JSON.stringify(verdict, null, 2)}\n`);
    return verdict.valid ? 0 : 1;
  } finally {
    await stores.eventStore.close();
    await stores.readStore.close();
  }
};
