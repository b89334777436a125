import type { CustomerEventMessage } from "./publishedContract.ts";

// What a downstream service keeps of the CRM's customers: here a mailing list's copy of each
// contact. The CRM's erasure (contract 10.1) reaches it as PersonalDataErased on the topic, and
// the copy must go too: the CRM can destroy its own key, never a copy someone else made.
// Kept in memory here; a real service deletes the row (and knows where its backups are).

export type Contact = { name: string; email: string | null; phone: string | null };

export const contactCopies = () => {
  const contacts = new Map<string, Contact>();
  const erased = new Set<string>();
  return {
    apply: (message: CustomerEventMessage) => {
      const data = message.data as Record<string, unknown>;
      if (message.type === "PersonalDataErased") {
        contacts.delete(message.customerId);
        // A replay from the topic's start must not bring the contact back from older messages.
        erased.add(message.customerId);
      } else if (message.type === "LeadCreated" && !erased.has(message.customerId))
        contacts.set(message.customerId, {
          name: String(data.name),
          email: (data.email as string | null) ?? null,
          phone: (data.phone as string | null) ?? null,
        });
    },
    contactOf: (customerId: string): Contact | undefined => contacts.get(customerId),
    size: () => contacts.size,
  };
};
