// The contract's closed vocabularies (sections 1 and 2) and the pure rules over them, on their
// own: no I/O and no Node module behind these three files, so the console's browser bundle takes
// them from the domain (`@crm/domain/vocabulary`) instead of restating them.

export * from "./lifecycle.ts";
export * from "./stages.ts";
export * from "./vocabulary.ts";
