// Reading the settings the services take from their environment (the stores' in @crm/stores, the
// relay's and the projector's here): an empty value is an absent one, and a value that is there
// but wrong stops the service at start with a message naming the variable, never a quiet default.

export const presentSetting = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === "" ? undefined : value.trim();

export const positiveIntegerSetting = (name: string, value: string | undefined): number | undefined => {
  const present = presentSetting(value);
  if (present === undefined) return undefined;
  const parsed = Number(present);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new Error(`${name} must be a positive integer, not "${value}"`);
  return parsed;
};

export const portSetting = (name: string, value: string | undefined): number | undefined => {
  const present = presentSetting(value);
  if (present === undefined) return undefined;
  const parsed = Number(present);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535)
    throw new Error(`${name} must be a port number (0 to 65535), not "${value}"`);
  return parsed;
};

/** What the relay and the projector both take: their log level and their operations port. */
export const serviceSettings = (env: NodeJS.ProcessEnv) => ({
  /** LOG_LEVEL: pino's level names. */
  logLevel: presentSetting(env.LOG_LEVEL) ?? "info",
  /** OPERATIONS_PORT: where /health/live, /health/ready and /metrics are served; not served without it. */
  operationsPort: portSetting("OPERATIONS_PORT", env.OPERATIONS_PORT),
});
