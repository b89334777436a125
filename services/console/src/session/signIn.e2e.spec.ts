import { expect, it } from "vitest";
import { KEYS, ROLES } from "../testing/consoleHarness.ts";
import {
  closeWithoutConsoleErrors,
  describeInChromium,
  expectAccessible,
  PHONE,
} from "../testing/describeInChromium.ts";

// Contract section 13: signing in takes an API key; what a person sees follows its role.

/** The sections each role sees; work lists of part two join once the API documents them. */
const navigationOf = (role: string, documented: Set<string>) => {
  const has = (route: string) => documented.has(route);
  const is = (...roles: string[]) => roles.includes(role) || role === "admin";
  return [
    is("analyst") && "Dashboards",
    "Customers",
    is("sales", "service") && "Pool",
    is("sales", "service", "analyst") && has("GET /api/v1/follow-ups") && "Follow-ups",
    is("sales", "analyst") && has("GET /api/v1/duplicates") && "Duplicates",
    is("auditor") && "Audit",
  ].filter(Boolean);
};

describeInChromium("the console: signing in", (crm) => {
  it("given the sign-in page, when a person looks at it, then it is accessible and asks for a key", async () => {
    const opened = await crm.open();
    await expect(opened.page.getByRole("heading", { name: "CRM console" }).isVisible()).resolves.toBe(true);
    await expectAccessible(opened, "sign-in");
    await closeWithoutConsoleErrors(opened);
  });

  it("given an unknown key, when someone signs in with it, then they are told and stay signed out", async () => {
    const opened = await crm.open();
    await opened.page.getByLabel("API key").fill("not-a-key-of-ours");
    await opened.page.getByRole("button", { name: "Sign in" }).click();
    await expect(opened.page.getByRole("alert").textContent()).resolves.toContain("not known");
    expect(await opened.page.getByTestId("who").count()).toBe(0);
    await opened.context.close();
  });

  for (const role of ROLES)
    it(`given the ${role} key, when they sign in, then they see their role and only their sections`, async () => {
      const document = await (await fetch(`${crm.address}/docs/json`)).json();
      const documented = new Set(
        Object.entries(document.paths as Record<string, object>).flatMap(([path, operations]) =>
          Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
        ),
      );
      const opened = await crm.signedIn(role);
      const { page } = opened;
      await expect(page.getByTestId("who").textContent()).resolves.toContain(`${role}-1`);
      const shown = await page.getByRole("navigation", { name: "Main" }).getByRole("link").allTextContents();
      expect(shown).toEqual(navigationOf(role, documented));
      // The key lives in this tab's session storage, never in the address.
      expect(page.url()).not.toContain(KEYS[role]);
      expect(await page.evaluate(() => sessionStorage.getItem("crm.apiKey"))).toBe(KEYS[role]);
      await closeWithoutConsoleErrors(opened);
    });

  it("given a browser that prefers Chinese, when it opens the console, then it speaks Chinese until switched to English", async () => {
    const opened = await crm.signedIn("analyst", { locale: "zh-CN" });
    const { page } = opened;
    await page.getByRole("heading", { name: "仪表盘" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("zh-CN");
    await page.getByLabel("语言").selectOption("en");
    await page.getByRole("heading", { name: "Dashboards" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    await closeWithoutConsoleErrors(opened);
  });

  it("given a phone-width screen, when a rep signs in, then the navigation fits and works by keyboard", async () => {
    const opened = await crm.signedIn("sales", { screen: PHONE });
    const { page } = opened;
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    // Keyboard: the skip link comes first, then the navigation.
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe("Skip to content");
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe("Customers");
    await expectAccessible(opened);
    await closeWithoutConsoleErrors(opened);
  });

  it("given a signed-in tab, when it reloads, then it stays signed in; when they sign out, then the key is forgotten", async () => {
    const opened = await crm.signedIn("auditor");
    const { page } = opened;
    await page.reload();
    await page.getByTestId("who").waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("API key").waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem("crm.apiKey"))).toBeNull();
    await closeWithoutConsoleErrors(opened);
  });
});
