// The contract's closed vocabularies (sections 1 and 2), for the console's choices: the domain's
// own lists, from its browser-safe entry point.

export * from "@crm/domain/vocabulary";
