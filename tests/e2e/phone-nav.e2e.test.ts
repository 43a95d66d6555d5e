import { describe, expect, it } from "vitest";
import { DEMO_LOGINS, hydrated, newContext, signIn, useAppAndBrowser } from "./harness";
import type { Browser, Page } from "playwright-core";

/** The signed-in shell on a phone and on a desktop (decision 016): menu, bottom bar, skip link. */
const env = useAppAndBrowser();
const REP = DEMO_LOGINS.users.find((u) => u.role === "rep")!.email;
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, timezoneId: "Europe/London" };

async function phonePage(browser: Browser, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ ...PHONE, javaScriptEnabled });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  (page as Page & { errors: string[] }).errors = errors;
  await signIn(page, env.app.url, REP);
  await settled(page, javaScriptEnabled);
  return page;
}

/** The page loaded and, with JavaScript, hydrated: the menu control toggles in place only from then on. */
async function settled(page: Page, javaScriptEnabled = true) {
  // Signing in ends in a client-side navigation: the shell is there once its menu panel is.
  await page.locator("#app-menu").waitFor({ state: "attached" });
  await page.waitForLoadState("load");
  if (javaScriptEnabled) await hydrated(page);
}

const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });
const menu = (page: Page) => page.getByRole("link", { name: /^☰? ?Menu/ });

describe("navigation on a phone", () => {
  it("shows a top bar and four quick links instead of the sidebar, with the full navigation behind Menu", async () => {
    const page = await phonePage(env.browser);
    expect(await mainNav(page).isVisible()).toBe(false);
    const quick = page.getByRole("navigation", { name: "Quick links" });
    expect(await quick.getByRole("link").allTextContents()).toEqual(["Library", "Queue", "Leaderboard", "Me"]);
    expect(await menu(page).getAttribute("aria-expanded")).toBe("false");
    expect(await menu(page).getAttribute("aria-controls")).toBe("app-menu");

    await menu(page).tap();
    expect(await menu(page).getAttribute("aria-expanded")).toBe("true");
    expect(await mainNav(page).getByRole("link", { name: "Suggest content" }).isVisible()).toBe(true);

    await mainNav(page).getByRole("link", { name: "Connections" }).focus();
    await page.keyboard.press("Escape");
    expect(await menu(page).getAttribute("aria-expanded")).toBe("false");
    expect(await mainNav(page).isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain("Menu");

    await menu(page).tap();
    await mainNav(page).getByRole("link", { name: "Challenges" }).tap();
    await page.waitForURL(/\/challenges$/);
    await page.getByRole("heading", { level: 1, name: "Challenges" }).waitFor();
    expect(await menu(page).getAttribute("aria-expanded")).toBe("false");
    expect(await mainNav(page).isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");

    await page.getByRole("navigation", { name: "Quick links" }).getByRole("link", { name: "Queue" }).tap();
    await page.getByRole("heading", { level: 1, name: "My queue" }).waitFor();
    expect(await page.getByRole("navigation", { name: "Quick links" }).locator("a.active").textContent()).toBe("Queue");
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.context().close();
  }, 60_000);

  it("opens the menu without JavaScript, as a link to the navigation", async () => {
    const page = await phonePage(env.browser, false);
    expect(await mainNav(page).isVisible()).toBe(false);
    await menu(page).tap();
    expect(new URL(page.url()).hash).toBe("#app-menu");
    expect(await mainNav(page).getByRole("link", { name: "Guides & policy" }).isVisible()).toBe(true);
    await page.context().close();
  }, 60_000);
});

describe("navigation on a desktop", () => {
  it("keeps the sidebar, hides the phone bars, and offers Skip to content first", async () => {
    const context = await newContext(env.browser, { width: 1366, height: 768 });
    const page = await context.newPage();
    await signIn(page, env.app.url, REP);
    await settled(page);
    expect(await mainNav(page).getByRole("link", { name: "Library" }).isVisible()).toBe(true);
    expect(await menu(page).isVisible()).toBe(false);
    expect(await page.getByRole("navigation", { name: "Quick links" }).isVisible()).toBe(false);

    const skip = page.getByRole("link", { name: "Skip to content" });
    expect((await skip.boundingBox())?.y).toBeLessThan(0);
    await page.keyboard.press("Tab");
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    // Off the screen until focused, then on it.
    expect((await skip.boundingBox())?.y).toBeGreaterThanOrEqual(0);
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    await context.close();
  }, 60_000);
});
