import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";

type Open<T> = () => T | Promise<T>;
type Close<T> = (opened: T) => unknown;

/**
 * Opens something in one hook and closes it in the other; what it returns stands for what was
 * opened, so a spec holds it from the describe's first line (`const crm = openedPerSuite(...)`)
 * and uses it in its hooks and tests, where it is open. Used anywhere else, it says so.
 */
const openedBetween = <T extends object>(
  hooks: { open: typeof beforeAll; close: typeof afterAll },
  open: Open<T>,
  close: Close<T>,
): T => {
  let opened: T | undefined;
  hooks.open(async () => {
    opened = await open();
  });
  hooks.close(async () => {
    if (opened) await close(opened);
  });
  return new Proxy({} as T, {
    get: (_, property) => {
      if (!opened) throw new Error("opened only inside the suite's hooks and tests");
      const value = Reflect.get(opened, property);
      return typeof value === "function" ? value.bind(opened) : value;
    },
  });
};

/** Opened before the first test of the enclosing describe (or file), closed after its last. */
export const openedPerSuite = <T extends object>(open: Open<T>, close: Close<T>) =>
  openedBetween({ open: beforeAll, close: afterAll }, open, close);

/** Opened afresh for each test of the enclosing describe (or file), closed after it. */
export const openedPerTest = <T extends object>(open: Open<T>, close: Close<T>) =>
  openedBetween({ open: beforeEach, close: afterEach }, open, close);
