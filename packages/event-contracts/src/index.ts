export * from "./asyncApiDocument.ts";
export * from "./contractFiles.ts";
export * from "./customerEventMessage.ts";
export * from "./customerEventMessageJsonSchema.ts";
export * from "./eventDataJsonSchemas.ts";
