// The view answers of contract section 5, as the dashboards read them.

export const FUNNEL_STAGES = ["lead", "qualified", "proposal", "negotiation", "won"] as const;
export const LIFECYCLE_STAGES = ["prospect", "customer", "repeat", "advocate", "churned", "lost"] as const;
export const VALUE_TIERS = ["top", "growth", "low", "negative"] as const;

type Window = { asOf: string; window: { from: string | null; to: string | null } };
type StageCounts = Record<(typeof FUNNEL_STAGES)[number], number>;

export type FunnelAnswer = Window & {
  stages: { stage: (typeof FUNNEL_STAGES)[number]; reached: number; current: number; value: number }[];
  conversion: { from: string; to: string; rate: number | null }[];
  winRate: number | null;
  lost: number;
  lostByStage: StageCounts;
  pipelineValue: number;
  target: number | null;
  coverage: number | null;
  coverageHealthy: boolean | null;
  stale: number;
};

export type LifecycleAnswer = Window & {
  counts: Record<(typeof LIFECYCLE_STAGES)[number], number>;
  pool: number;
  transitions: { from: string | null; to: string; count: number }[];
};

export type ChurnAnswer = Window & {
  lostByStage: StageCounts;
  reasons: { reason: string; count: number }[];
  daysToLoss: { mean: number | null; median: number | null };
  winBack: { attempted: number; succeeded: number };
  customers: { new: number; churned: number; totalAtStart: number; totalAtEnd: number };
  churnRate: number | null;
  complaints: {
    filed: number;
    acknowledged: number;
    resolved: number;
    open: number;
    meanHoursToAcknowledge: number | null;
    meanHoursToResolve: number | null;
  };
  atRisk: { customerId: string; risks: string[] }[];
};

export type ValueAnswer = Window & {
  customers: {
    customerId: string;
    revenue: number;
    compensation: number;
    netValue: number;
    orders: number;
    lastOrderAt: string;
    recencyDays: number;
    rfm: { r: number; f: number; m: number };
    tier: (typeof VALUE_TIERS)[number];
  }[];
  summary: {
    tiers: Record<(typeof VALUE_TIERS)[number], { customers: number; revenue: number }>;
    totalRevenue: number;
    pareto: { topCustomers: number; revenueShare: number | null };
  };
};
