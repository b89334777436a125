export * from "./embeddedPlatform.ts";
