import type { RecordedCustomerEvent } from "@crm/domain";
import fc from "fast-check";

// Delivery as a projection sees it (contract section 6: at least once): customers interleaved,
// each in revision order, some events twice; and a read model kept as stored JSON documents.

export const deliveryChoices = fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 400 });

export const deliver = (
  events: readonly RecordedCustomerEvent[],
  choices: readonly [number, number, boolean][],
): RecordedCustomerEvent[] => {
  const queues = new Map<string, RecordedCustomerEvent[]>();
  for (const event of [...events].sort((a, b) => a.revision - b.revision))
    queues.set(event.customerId, [...(queues.get(event.customerId) ?? []), event]);
  const delivered = new Map<string, RecordedCustomerEvent[]>();
  const sequence: RecordedCustomerEvent[] = [];
  let step = 0;
  for (;;) {
    const waiting = [...queues.entries()].filter(([, queue]) => queue.length > 0);
    if (waiting.length === 0) return sequence;
    const [pick, again, redeliver] = choices[step++] ?? [0, 0, false];
    const [customerId, queue] = waiting[pick % waiting.length]!;
    const event = queue.shift()!;
    const seen = [...(delivered.get(customerId) ?? []), event];
    delivered.set(customerId, seen);
    sequence.push(event);
    if (redeliver) sequence.push(seen[again % seen.length]!);
  }
};

/** One stored JSON document per customer, loaded, applied to and saved again, as the read store does. */
export const maintainDocuments = <T>(
  sequence: readonly RecordedCustomerEvent[],
  apply: (document: T | null, event: RecordedCustomerEvent) => T,
): T[] => {
  const documents = new Map<string, string>();
  for (const event of sequence) {
    const stored = documents.get(event.customerId);
    documents.set(
      event.customerId,
      JSON.stringify(apply(stored === undefined ? null : JSON.parse(stored), event)),
    );
  }
  return [...documents.values()].map((document) => JSON.parse(document) as T);
};
