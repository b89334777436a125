// For vitest specs only (these register hooks), so they have an entry of their own: `@crm/testing/specs`.
export * from "./openedPerSuite.ts";
export * from "./stopAfterEach.ts";
export * from "./temporaryFolders.ts";
