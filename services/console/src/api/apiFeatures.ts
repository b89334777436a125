import { useEffect, useState } from "react";

// Parts of the contract arrive over time (the pool's claim, follow-ups, duplicates,
// analytics, ...). The console shows a feature only when the API has its route, read from
// the API's own OpenAPI document, so nothing is faked and no probe request changes anything.

type Method = "GET" | "POST" | "PUT" | "PATCH";

export type ApiFeatures = {
  has: (method: Method, path: string) => boolean;
  /** Whether a route takes a query parameter (search filters of 9.6 arrive later than search). */
  takes: (method: Method, path: string, parameter: string) => boolean;
};

/** "METHOD /path" -> the names of its query parameters. */
type Routes = Map<string, Set<string>>;
type OpenApiDocument = {
  paths?: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>;
};

let documented: Promise<Routes> | undefined;

const documentedRoutes = () => {
  documented ??= fetch("/docs/json")
    .then((response) => (response.ok ? response.json() : { paths: {} }))
    .then((document: OpenApiDocument) => {
      const routes: Routes = new Map();
      for (const [path, operations] of Object.entries(document.paths ?? {}))
        for (const [method, operation] of Object.entries(operations))
          routes.set(
            `${method.toUpperCase()} ${path}`,
            new Set((operation.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name)),
          );
      return routes;
    })
    .catch(() => new Map() as Routes);
  return documented;
};

/** `has("POST", "/customers/{id}/claim")`: paths as the OpenAPI document writes them, below /api/v1. */
export const useApiFeatures = (): ApiFeatures | undefined => {
  const [routes, setRoutes] = useState<Routes>();
  useEffect(() => {
    let current = true;
    void documentedRoutes().then((found) => current && setRoutes(found));
    return () => {
      current = false;
    };
  }, []);
  if (!routes) return undefined;
  return {
    has: (method, path) => routes.has(`${method} /api/v1${path}`),
    takes: (method, path, parameter) => routes.get(`${method} /api/v1${path}`)?.has(parameter) ?? false,
  };
};
