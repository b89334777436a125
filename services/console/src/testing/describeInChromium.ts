import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiAs,
  CHROMIUM,
  CHROMIUM_ARGS,
  chromiumAvailable,
  KEYS,
  type Role,
  type RunningPlatform,
  startPlatformAsNpmStartDoes,
} from "./consoleHarness.ts";
import { newLead } from "./seedCustomers.ts";

// The console's browser suites: real Chromium (Debian's package, never a download) against
// the platform started as `npm start` starts it. Without Chromium a suite says so loudly
// and is registered as skipped, never as passed.

export type Screen = { width: number; height: number };
export const DESKTOP: Screen = { width: 1366, height: 768 };
export const PHONE: Screen = { width: 390, height: 844 };

export type OpenOptions = { locale?: string; screen?: Screen };

/** A page with every console error and uncaught exception collected for the end of the test. */
export type ConsolePage = { page: Page; errors: string[]; context: BrowserContext };

export type ConsoleUnderTest = {
  readonly address: string;
  api: (role: Role) => ReturnType<typeof apiAs>;
  /** Opens the console signed in as the role (through the sign-in form). */
  signedIn: (role: Role, options?: OpenOptions) => Promise<ConsolePage>;
  /** Opens the customer's page, signed in as the role. */
  customerPage: (role: Role, customerId: string) => Promise<ConsolePage>;
  /** A lead a rep enters through the API and then opens on their screen. */
  repOpensNewLead: (lead: Record<string, unknown>) => Promise<{ customerId: string; opened: ConsolePage }>;
  open: (options?: OpenOptions) => Promise<ConsolePage>;
  /** Whether the API's OpenAPI document lists the route (parts of the contract arrive later). */
  documents: (method: "GET" | "POST" | "PUT" | "PATCH", path: string) => Promise<boolean>;
};

const SCREENSHOTS = fileURLToPath(new URL("../../../../docs/console/", import.meta.url));

/**
 * The browser reports each refused API request as "Failed to load resource" (a 400 for a bad
 * field, a 412 for a stale revision): answers the console shows, not errors in it. Anything
 * else that lands in the console (an exception, a React warning, a missing string) fails.
 */
const isApiRefusal = (text: string, url: string) =>
  text.startsWith("Failed to load resource") && new URL(url, "http://x").pathname.startsWith("/api/v1/");

export const expectNoConsoleErrors = ({ errors }: ConsolePage) => expect(errors).toEqual([]);

/** How every browser test ends: nothing went wrong in the console, and the tab closes. */
export const closeWithoutConsoleErrors = async (opened: ConsolePage) => {
  expectNoConsoleErrors(opened);
  await opened.context.close();
};

/** Opens a customer's page in the signed-in tab, waiting until the customer is shown. */
const openCustomer = async ({ page }: ConsolePage, customerId: string) => {
  await page.goto(new URL(`/customers/${customerId}`, page.url()).href);
  await page.getByTestId("customer-name").waitFor();
};

/**
 * axe-core over the page as shown: no serious or critical violations. A page the docs show is
 * checked here too: `picture` names its screenshot (see `screenshot`).
 */
export const expectAccessible = async (opened: ConsolePage, picture?: string) => {
  const { page } = opened;
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const grave = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
    );
  expect(grave).toEqual([]);
  if (picture) await screenshot(opened, picture);
};

/** With CONSOLE_SCREENSHOTS=1, saves what the page shows to docs/console/<name>.png. */
export const screenshot = async ({ page }: ConsolePage, name: string) => {
  if (!process.env.CONSOLE_SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: false });
};

export const describeInChromium = (name: string, fn: (crm: ConsoleUnderTest) => void) => {
  if (!chromiumAvailable()) {
    const rule = "!".repeat(78);
    console.warn(
      [
        "",
        rule,
        `!! SKIPPED, NOT PASSED: "${name}"`,
        `!! no Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium)`,
        "!! or set CHROMIUM_PATH; .ci/run installs it.",
        rule,
        "",
      ].join("\n"),
    );
    describe.skip(name, () => {
      it(`needs Chromium at ${CHROMIUM}`, () => {});
    });
    return;
  }
  describe(name, () => {
    let platform: RunningPlatform;
    let browser: Browser;
    beforeAll(async () => {
      [platform, browser] = await Promise.all([
        startPlatformAsNpmStartDoes(),
        chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
      ]);
    });
    afterAll(async () => {
      await browser?.close();
      await platform?.stop();
    });

    const open = async ({ locale = "en-US", screen = DESKTOP }: OpenOptions = {}): Promise<ConsolePage> => {
      const context = await browser.newContext({ locale, viewport: screen, timezoneId: "UTC" });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() !== "error") return;
        if (isApiRefusal(message.text(), message.location().url)) return;
        errors.push(message.text());
      });
      page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
      await page.goto(platform.address);
      return { page, errors, context };
    };

    const signedIn = async (role: Role, options?: OpenOptions) => {
      const opened = await open(options);
      await opened.page.getByLabel(/API key|API 密钥/).fill(KEYS[role]);
      await opened.page.getByRole("button", { name: /Sign in|登录/ }).click();
      await opened.page.getByTestId("who").waitFor();
      return opened;
    };

    const customerPage = async (role: Role, customerId: string) => {
      const opened = await signedIn(role);
      await openCustomer(opened, customerId);
      return opened;
    };

    fn({
      get address() {
        return platform.address;
      },
      api: (role) => apiAs(platform.address, role),
      open,
      documents: async (method, path) => {
        const document = await (await fetch(`${platform.address}/docs/json`)).json();
        return Boolean(document.paths[`/api/v1${path}`]?.[method.toLowerCase()]);
      },
      signedIn,
      customerPage,
      repOpensNewLead: async (lead) => {
        const customerId = await newLead(apiAs(platform.address, "sales"), lead);
        return { customerId, opened: await customerPage("sales", customerId) };
      },
    });
  });
};
