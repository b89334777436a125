// The one chain every integration suite gets its servers through: the environment first,
// then testcontainers where a Docker engine answers, then the processes in infra/local.

export type ServerSource = "env" | "testcontainers" | "local";

/** A server a suite can use; `stop()` releases it (a no-op for servers from the environment). */
export type Running<Address> = Address & { source: ServerSource; stop(): Promise<void> };

/** No route gave a server: the reason names what is missing and how to provide it. */
export type Unavailable = { unavailable: string };

/** One way to get a server: the server, or a sentence saying why this way is closed here. */
export type Route<Address> = () => Promise<Running<Address> | string>;

export function isUnavailable<T extends object>(server: T | Unavailable): server is Unavailable {
  return "unavailable" in server;
}

/**
 * Tries the routes in order and returns the first server. A route that is open but breaks
 * (a local start that fails) throws: that is a bug to see, not a server to skip.
 */
export async function firstAvailable<Address>(
  service: string,
  routes: ReadonlyArray<Route<Address>>,
): Promise<Running<Address> | Unavailable> {
  const closed: string[] = [];
  for (const route of routes) {
    const result = await route();
    if (typeof result !== "string") return result;
    closed.push(result);
  }
  return {
    unavailable: [`no ${service} server here:`, ...closed.map((reason) => `  - ${reason}`)].join("\n"),
  };
}

/** The environment route: a server someone else runs, named by one variable. */
export function envRoute<Address>(
  name: string,
  example: string,
  address: (value: string) => Address,
): Route<Address> {
  return async () => {
    const value = process.env[name]?.trim();
    if (!value) return `env: ${name} is not set (e.g. ${name}=${example})`;
    return { ...address(value), source: "env", stop: async () => {} };
  };
}
