// The console's one way to the platform: the public API at /api/v1, with the key
// the person signed in with. Errors keep the contract's body {error, message, details}.

export type FieldProblem = { path: string; in?: string; message: string };

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** The field-level problems of a 400 validation_failed, keyed by field path. */
  get fieldProblems(): Record<string, string> {
    if (!Array.isArray(this.details)) return {};
    return Object.fromEntries(
      (this.details as FieldProblem[])
        .filter((problem) => typeof problem?.path === "string")
        .map((problem) => [problem.path, problem.message]),
    );
  }
}

/** What a failed call threw, as the API's refusal; a failure to reach the API is a "network" one. */
export const asApiError = (caught: unknown) =>
  caught instanceof ApiError ? caught : new ApiError(0, "network", String(caught));

export type Query = Record<string, string | number | boolean | undefined | null>;

const withQuery = (path: string, query: Query = {}) => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== "") params.set(name, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
};

export type CommandOptions = { revision?: number };

export type ApiClient = ReturnType<typeof apiClient>;

export const apiClient = (apiKey: string, language: () => string = () => "en", base = "/api/v1") => {
  const request = async <T>(method: string, path: string, body?: unknown, options: CommandOptions = {}) => {
    const headers: Record<string, string> = {
      authorization: `Bearer ${apiKey}`,
      accept: "application/json",
      // Answers written for people (the timeline's lines) come in the language on screen.
      "accept-language": language(),
    };
    if (body !== undefined) headers["content-type"] = "application/json";
    // The revision on screen: if someone changed the customer since, the API answers 412.
    if (options.revision !== undefined) headers["if-match"] = `"${options.revision}"`;
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const isJson = response.headers.get("content-type")?.includes("json");
    const payload = isJson ? await response.json() : await response.text();
    if (!response.ok) {
      const error = isJson ? payload : { error: "http_error", message: String(payload) };
      throw new ApiError(response.status, error.error, error.message, error.details);
    }
    return payload as T;
  };
  return {
    get: <T>(path: string, query?: Query) => request<T>("GET", withQuery(path, query)),
    post: <T>(path: string, body: unknown = {}, options?: CommandOptions) =>
      request<T>("POST", path, body, options),
    put: <T>(path: string, body: unknown, options?: CommandOptions) => request<T>("PUT", path, body, options),
    patch: <T>(path: string, body: unknown, options?: CommandOptions) =>
      request<T>("PATCH", path, body, options),
  };
};
