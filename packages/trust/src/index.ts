export * from "./access/accessLog.ts";
export * from "./access/accessRecordsPage.ts";
export * from "./anchoring/anchorRecords.ts";
export * from "./anchoring/globalChain.ts";
export * from "./anchoring/historyAnchor.ts";
export * from "./anchoring/signedCheckpoint.ts";
export * from "./anchoring/signingKey.ts";
export * from "./anchoring/verifyAnchoredHistory.ts";
