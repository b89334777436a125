// Delivery is at least once: a rebalance or a producer retry can hand over an event
// again. (customerId, revision) identifies an event, and the topic is keyed by
// customerId, so one customer's events arrive in revision order: anything at or
// below the highest revision handled for that customer has been handled already.
// Kept in memory here; a real service keeps it beside its own state, in the same
// transaction, so "handled" and "recorded as handled" cannot drift apart.

export type HandledEvents = {
  isHandled(customerId: string, revision: number): boolean;
  markHandled(customerId: string, revision: number): void;
};

export const handledEventsInMemory = (): HandledEvents => {
  const highestRevision = new Map<string, number>();
  return {
    isHandled: (customerId, revision) => revision <= (highestRevision.get(customerId) ?? -1),
    markHandled: (customerId, revision) => {
      highestRevision.set(customerId, Math.max(revision, highestRevision.get(customerId) ?? -1));
    },
  };
};
