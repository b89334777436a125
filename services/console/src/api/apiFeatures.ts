import { useEffect, useState } from "react";

// Parts of the contract arrive over time (the pool's claim, follow-ups, duplicates,
// analytics, ...). The console shows a feature only when the API has its route, read from
// the API's own OpenAPI document, so nothing is faked and no probe request changes anything.

export type ApiFeatures = { has: (method: "GET" | "POST" | "PUT" | "PATCH", path: string) => boolean };

let documented: Promise<Set<string>> | undefined;

const documentedRoutes = () => {
  documented ??= fetch("/docs/json")
    .then((response) => (response.ok ? response.json() : { paths: {} }))
    .then((document: { paths?: Record<string, Record<string, unknown>> }) => {
      const routes = new Set<string>();
      for (const [path, operations] of Object.entries(document.paths ?? {}))
        for (const method of Object.keys(operations)) routes.add(`${method.toUpperCase()} ${path}`);
      return routes;
    })
    .catch(() => new Set<string>());
  return documented;
};

/** `has("POST", "/customers/{id}/claim")`: paths as the OpenAPI document writes them, below /api/v1. */
export const useApiFeatures = (): ApiFeatures | undefined => {
  const [routes, setRoutes] = useState<Set<string>>();
  useEffect(() => {
    let current = true;
    void documentedRoutes().then((found) => current && setRoutes(found));
    return () => {
      current = false;
    };
  }, []);
  if (!routes) return undefined;
  return { has: (method, path) => routes.has(`${method} /api/v1${path}`) };
};
