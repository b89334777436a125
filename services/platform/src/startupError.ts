/**
 * A reason the platform cannot start that the person starting it can fix (a port in use, a data
 * folder locked, a bad CRM_API_KEYS): `npm start` prints its message as one line and exits 1,
 * without a stack trace, which would bury the one thing they need to read.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartupError";
  }
}
