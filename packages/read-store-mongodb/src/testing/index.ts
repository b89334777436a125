export * from "./mongoBehindAProxy.ts";
export * from "./proxiedUrl.ts";
export * from "./serverLimits.ts";
export * from "./tcpProxy.ts";
