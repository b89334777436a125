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

// A complaint with each step of its handling, and a line of the customer's timeline written for
// people in the language asked for: the customers package's own answer types (types only).
export type { ComplaintRecord as Complaint, TimelineItem } from "@crm/customers";
