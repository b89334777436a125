import type { FunnelStage } from "@crm/domain";

/** A count per funnel stage; answers always hold every key, zeros included. */
export type StageCounts = Record<FunnelStage, number>;

export const emptyStageCounts = (): StageCounts => ({
  lead: 0,
  qualified: 0,
  proposal: 0,
  negotiation: 0,
  won: 0,
});
