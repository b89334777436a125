import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { CUSTOMER_STREAM_PREFIX } from "@crm/domain";
import { KEY_FILES, keyFile, openReadStore, openStoredEvents } from "@crm/stores";
import { anchorRecords, loadOrCreateSigningKey, verifyAnchoredHistory } from "@crm/trust";
import { storeConfigOf } from "../stores.ts";

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
  const config = storeConfigOf(values["data-dir"]);
  const signingKeyFile = process.env.CRM_SIGNING_KEY_FILE ?? keyFile(config.dataDir, KEY_FILES.signingKey);
  // Never create a key here: a verifier that made its own key would vouch for nothing.
  if (!existsSync(signingKeyFile)) {
    process.stderr.write(
      `no signing key at ${signingKeyFile}: start the platform once on this data folder\n`,
    );
    return 2;
  }
  const { publicKey } = loadOrCreateSigningKey(signingKeyFile);
  // The chains are over the events as stored (encrypted): no key store is needed to verify them.
  const storedEvents = await openStoredEvents(config);
  const readStore = await openReadStore(config);
  try {
    const verdict = await verifyAnchoredHistory(
      storedEvents.readAll({ streamPrefix: CUSTOMER_STREAM_PREFIX }),
      await anchorRecords(readStore).checkpoints(),
      publicKey,
    );
    process.stdout.write(`${JSON.stringify(verdict, null, 2)}\n`);
    return verdict.valid ? 0 : 1;
  } finally {
    await storedEvents.close();
    await readStore.close();
  }
};
