// The customer answers of contract sections 4 and 2, as the customer screens read them.

export type Customer = {
  customerId: string;
  name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  source: string;
  region: string | null;
  industry?: string | null;
  companySize?: string | null;
  tags: string[];
  ownerId: string | null;
  stage: string;
  lifecycle: string;
  expectedValue: number | null;
  orders: number;
  revenue: number;
  referrals: number;
  openComplaints: number;
  revision: number;
  createdAt: string;
  mergedInto?: string | null;
};

export type CustomerPage = { items: Customer[]; nextCursor: string | null };

export type Complaint = {
  complaintId: string;
  /** Where it was filed: this customer or a duplicate merged into it. */
  customerId?: string;
  category: string;
  severity: string;
  description: string;
  channel: string | null;
  status: "filed" | "acknowledged" | "resolved";
  filedAt: string;
  acknowledgedAt: string | null;
  apologized: boolean | null;
  acknowledgeNote: string | null;
  resolvedAt: string | null;
  resolution: string | null;
  compensation: number | null;
  preventiveAction: string | null;
};

export type TimelineItem = {
  revision: number;
  type: string;
  occurredAt: string;
  actor: { id: string; role: string };
  department: string;
  text: string;
};
