import type { Request } from "autocannon";

// The command mix autocannon sends: about one request in ten creates a lead; the rest
// walk existing customers through a year's worth of their commands in an order the
// domain accepts (qualify, call, propose, complain, negotiate, win, buy, change owner,
// buy again, lose, and around again: a lost customer can be reopened). A customer is
// lent to one request at a time, so two clients never race the same customer's stage.

type Step = { method: "POST" | "PUT"; path: (id: string) => string; body: (n: number) => object };

const post = (suffix: string, body: (n: number) => object): Step => ({
  method: "POST",
  path: (id) => `/api/v1/customers/${id}/${suffix}`,
  body,
});
const interaction = post("interactions", () => ({
  channel: "call",
  direction: "outbound",
  summary: "Walked through the proposal",
  outcome: "positive",
}));
const stage = (to: string, extra: object = {}) => post("stage", () => ({ stage: to, ...extra }));
const purchase = post("purchases", (n) => ({ orderId: `order-${n}`, amount: 1250.5, product: "Maple" }));

const LIFE: Step[] = [
  stage("qualified"),
  interaction,
  stage("proposal", { expectedValue: 24_000 }),
  post("complaints", () => ({
    category: "delivery",
    severity: "high",
    description: "Arrived two weeks late",
  })),
  stage("negotiation"),
  interaction,
  stage("won", { amount: 21_500 }),
  purchase,
  {
    method: "PUT",
    path: (id) => `/api/v1/customers/${id}/owner`,
    body: (n) => ({ ownerId: `rep-${n % 7}` }),
  },
  purchase,
  interaction,
  stage("lost", { lostReason: "price" }),
];

const CREATE_SHARE = 0.1;

type Lent = { customerId: string; step: number } | undefined;

export const commandMix = (apiKey: string) => {
  const free: { customerId: string; step: number }[] = [];
  let leads = 0;
  const headers = { "content-type": "application/json", authorization: `Bearer ${apiKey}` };

  const request: Request = {
    method: "POST",
    path: "/api/v1/leads",
    headers,
    setupRequest: (req, context) => {
      const customer = free.length > 0 && Math.random() >= CREATE_SHARE ? free.shift() : undefined;
      (context as { customer?: Lent }).customer = customer;
      if (!customer) {
        leads += 1;
        const tag = `${process.pid}-${leads}-${Math.random().toString(36).slice(2, 8)}`;
        const lead = {
          name: `Bench Contact ${leads}`,
          company: `Bench ${tag} Trading`,
          email: `lead-${tag}@bench.example`,
          source: "web",
          region: "north",
          ownerId: "rep-1",
          expectedValue: 18_000,
        };
        return { ...req, method: "POST", path: "/api/v1/leads", body: JSON.stringify(lead) };
      }
      const step = LIFE[customer.step % LIFE.length]!;
      return {
        ...req,
        method: step.method,
        path: step.path(customer.customerId),
        body: JSON.stringify(step.body(customer.step)),
      };
    },
    onResponse: (status, body, context) => {
      const customer = (context as { customer?: Lent }).customer;
      if (customer === undefined) {
        if (status === 201)
          free.push({ customerId: (JSON.parse(body) as { customerId: string }).customerId, step: 0 });
        return;
      }
      // A refused step is tried again next time; a customer is never lost from the pool.
      if (status < 300) customer.step += 1;
      free.push(customer);
    },
  };
  return { requests: [request], headers };
};
