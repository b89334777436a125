import { Link } from "react-router";

// What the audit pages show in their cells for the actor and for the customer an entry is about.

/** The actor's id with its role beside it. */
export const ActorName = ({ actor }: { actor: { id: string; role: string } }) => (
  <>
    {actor.id} <small>{actor.role}</small>
  </>
);

/** The customer, by the start of its id, leading to its history (the auditor's view of it). */
export const HistoryLink = ({ customerId }: { customerId: string }) => (
  <Link to={`/audit/customers/${customerId}`}>{customerId.slice(0, 8)}</Link>
);
