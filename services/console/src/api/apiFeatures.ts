import { useEffect, useState } from "react";

// Parts of the contract arrive over time (the pool's claim, follow-ups, duplicates,
// analytics, ...). The console shows a feature only when the API has its route, read from
// the API's own OpenAPI document, so nothing is faked and no probe request changes anything.

type Method = "GET" | "POST" | "PUT" | "PATCH";

export type ApiFeatures = {
  has: (method: Method, path: string) => boolean;
  /** Whether a route takes a query parameter (search filters of 9.6 arrive later than search). */
  takes: (method: Method, path: string, parameter: string) => boolean;
  /** The values a query parameter accepts, when the API lists them (an enum). */
  choices: (method: Method, path: string, parameter: string) => string[] | undefined;
};

/** "METHOD /path" -> its query parameters, with the values each accepts when it lists them. */
type Routes = Map<string, Map<string, string[] | undefined>>;
type Parameter = { in: string; name: string; schema?: { enum?: string[] } };
type OpenApiDocument = { paths?: Record<string, Record<string, { parameters?: Parameter[] }>> };

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
            new Map(
              (operation.parameters ?? [])
                .filter((parameter) => parameter.in === "query")
                .map((parameter) => [parameter.name, parameter.schema?.enum]),
            ),
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
    choices: (method, path, parameter) => routes.get(`${method} /api/v1${path}`)?.get(parameter),
  };
};
