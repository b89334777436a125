import type { AnchoredHistoryAccess } from "@crm/api";
import { CUSTOMER_STREAM_PREFIX } from "@crm/domain";
import type { EventStore } from "@crm/event-store";
import type { ReadStore } from "@crm/read-store";
import {
  anchorRecords,
  publicKeyPem,
  type SigningKey,
  startHistoryAnchor,
  verifyAnchoredHistory,
} from "@crm/trust";

/**
 * Contract section 10.4 in a platform process: the anchor extending the global chain and
 * signing checkpoints, and what the audit routes read. Verify reads the events as stored
 * (`storedEvents`): the chains were taken over the stored form.
 */
export const anchoredHistory = (deps: {
  storedEvents: EventStore;
  readStore: ReadStore;
  signingKey: SigningKey;
  clock: () => Date;
  onError: (error: unknown) => void;
}) => {
  const records = anchorRecords(deps.readStore);
  const anchor = startHistoryAnchor({
    eventStore: deps.storedEvents,
    readStore: deps.readStore,
    signingKey: deps.signingKey.privateKey,
    clock: deps.clock,
    onError: deps.onError,
  });
  const access: AnchoredHistoryAccess = {
    checkpoints: () => records.checkpoints(),
    verify: async () =>
      verifyAnchoredHistory(
        deps.storedEvents.readAll({ streamPrefix: CUSTOMER_STREAM_PREFIX }),
        await records.checkpoints(),
        deps.signingKey.publicKey,
      ),
    publicKeyPem: publicKeyPem(deps.signingKey.publicKey),
  };
  return { anchor, access };
};
