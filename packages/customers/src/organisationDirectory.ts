// Near matches (北京移动 / 中国移动北京) cannot be found by key lookup, so lead registration asks
// a directory that keeps every organisation key in memory (the duplicate review queue's index,
// fed by the event store's subscription, in the API process). It is advisory: a create is never
// blocked by it, so a directory a moment behind the store is acceptable.
export type OrganisationDirectory = {
  /** A lead just recorded: found by the next create before its event reaches the directory. */
  add(customerId: string, organisationKey: string): void;
  /** Customers not merged nor erased whose organisation is a near match (never an exact one). */
  nearMatches(organisationKey: string): string[];
};
