import { describe, expect, it } from "vitest";
import { weekDays } from "~/domain/queue.server";
import { localToUtc, utcToLocal } from "~/domain/scheduling.server";
import { DEMO_DOMAIN } from "../../seed/demo-logins";
import { ARTIFACTS, DEMO_LOGINS, hydrated, signIn, useAppAndBrowser } from "./harness";
import type { Browser, Page } from "playwright-core";

const ZONE = "America/New_York";
const SIZES = [
  { name: "desktop", options: { viewport: { width: 1366, height: 768 } } },
  { name: "phone", options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
] as const;
const ITEM = "Keynote replay: the autonomous enterprise";

async function open(browser: Browser, size: (typeof SIZES)[number], timezoneId: string = ZONE) {
  const context = await browser.newContext({ ...size.options, timezoneId });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on("console", (m) => (m.type() === "error" ? errors.push(m.text()) : undefined));
  page.on("pageerror", (e) => errors.push(e.message));
  return { context, page, errors };
}

const step = (page: Page, label: string) =>
  page.getByRole("list", { name: "First steps" }).getByRole("listitem").filter({ hasText: label });

/** Schedules the item on LinkedIn for a day from now at a time, in the rep's zone, from the composer. */
async function schedule(page: Page, base: string, daysAhead: number, time: string) {
  await page.goto(`${base}/library`);
  await page
    .getByRole("list", { name: "Content items" })
    .getByRole("link", { name: `Share ${ITEM}`, exact: true })
    .click();
  // A first share asks for the policy first, in the composer itself (decision 018).
  await page.getByRole("heading", { level: 1, name: `Share “${ITEM}”` }).waitFor();
  await hydrated(page);
  const accept = page.getByRole("button", { name: "I accept the policy" });
  if (await accept.isVisible()) {
    await accept.click();
    await accept.waitFor({ state: "detached" });
  }
  const day = utcToLocal(new Date(Date.now() + daysAhead * 86400_000), ZONE).date;
  await page.getByLabel("Date").fill(day);
  await page.getByLabel(`Time (${ZONE})`).fill(time);
  await page.getByRole("button", { name: "Schedule", exact: true }).click();
  // The composer confirms in place and links to the queue.
  await page.getByRole("status").filter({ hasText: "Scheduled for" }).waitFor();
  await page.getByRole("link", { name: "See it in your queue" }).click();
  await page.waitForURL((u) => u.pathname === "/queue");
  return utcToLocal(localToUtc(day, time, ZONE), ZONE).label;
}

describe("the queue and a first sign-in, at desktop and phone sizes (Chromium)", () => {
  const env = useAppAndBrowser();

  for (const size of SIZES) {
    it(
      `a newcomer signs up in New York, follows first steps, schedules, cancels and undoes (${size.name})`,
      { timeout: 120_000 },
      async () => {
        const { context, page, errors } = await open(env.browser, size);
        const base = env.app.url;
        await page.goto(`${base}/signup`);
        await hydrated(page);
        await page.getByLabel("Full name").fill("Nia Newcomer");
        await page.getByLabel("Work e-mail").fill(`nia.${size.name}@${DEMO_DOMAIN}`);
        await page.getByLabel("Password").fill("a-long-enough-password");
        await page.getByRole("button", { name: "Create account" }).click();
        await page.waitForURL((u) => u.pathname === "/library");

        // First steps: nothing done yet, each step says so in words.
        await page.getByRole("heading", { name: "First steps" }).waitFor();
        for (const label of [
          "Accept the social media policy",
          "Connect a network",
          "Make a first share",
          "Install the app",
        ])
          expect(await step(page, label).textContent()).toContain("To do");
        expect(await step(page, "Connect a network").getByRole("link").getAttribute("href")).toBe("/connections");

        // The browser's zone, on the Me page.
        await page.goto(`${base}/me`);
        expect(await page.getByLabel("Time zone").inputValue()).toBe(ZONE);

        await page.goto(`${base}/connections`);
        await page.getByRole("link", { name: "Connect LinkedIn" }).click();
        await page.getByRole("button", { name: "Allow" }).click();
        await page.getByRole("status").filter({ hasText: "LinkedIn connected." }).waitFor();
        await page.goto(`${base}/library`);
        expect(await step(page, "Connect a network").textContent()).toContain("Done");
        expect(await step(page, "Make a first share").textContent()).toContain("To do");

        const later = await schedule(page, base, 3, "10:00");
        const sooner = await schedule(page, base, 1, "09:00");

        // Upcoming first, soonest first; the history (empty for a newcomer) below; the week as a table of day names.
        await page.getByText(`Times in ${ZONE}.`).waitFor();
        const sections = await page.getByRole("heading", { level: 2 }).allTextContents();
        expect(sections.indexOf("Upcoming")).toBeLessThan(sections.indexOf("History"));
        const upcoming = page.getByRole("list", { name: "Upcoming shares" });
        await expect.poll(() => upcoming.getByRole("heading", { level: 3 }).count()).toBe(2);
        const names = await upcoming.getByRole("heading", { level: 3 }).allTextContents();
        expect(names).toEqual([`${ITEM} — LinkedIn — ${sooner}`, `${ITEM} — LinkedIn — ${later}`]);
        const heads = await page.getByRole("table").getByRole("columnheader").allTextContents();
        expect(heads).toEqual(weekDays(new Date(), ZONE).map((d) => d.label));
        expect(heads.join(" ")).not.toMatch(/\d{4}-\d{2}-\d{2}/);
        await page.getByRole("table").screenshot({ path: `${ARTIFACTS}/queue-week-${size.name}.png` });

        // Cancel, then Undo: scheduled again for its time.
        const entry = page.getByRole("listitem", { name: `${ITEM} — LinkedIn — ${sooner}`, exact: true });
        await entry.getByRole("button", { name: "Cancel post" }).click();
        await entry.getByRole("button", { name: "Undo" }).waitFor();
        expect(await entry.getByTestId("share-status").textContent()).toBe("Cancelled");
        await page.screenshot({ path: `${ARTIFACTS}/queue-undo-${size.name}.png`, fullPage: true });
        await entry.getByRole("button", { name: "Undo" }).click();
        await entry.getByRole("button", { name: "Cancel post" }).waitFor();
        expect(await entry.getByTestId("share-status").textContent()).toBe("Scheduled");

        // The checklist follows: policy and first share done; hidden on request.
        await page.goto(`${base}/library`);
        expect(await step(page, "Accept the social media policy").textContent()).toContain("Done");
        expect(await step(page, "Make a first share").textContent()).toContain("Done");
        expect(await step(page, "Install the app").textContent()).toContain("To do");
        await hydrated(page);
        await page.getByRole("button", { name: "Hide first steps" }).click();
        await page.getByRole("heading", { name: "First steps" }).waitFor({ state: "detached" });
        await page.reload();
        await page.getByRole("heading", { level: 1, name: "Library" }).waitFor();
        expect(await page.getByRole("heading", { name: "First steps" }).count()).toBe(0);
        expect(errors).toEqual([]);
        await context.close();
      },
    );

    it(`a LinkedIn newcomer gets the browser's zone and no advice to sign in with LinkedIn (${size.name})`, async () => {
      const { context, page, errors } = await open(env.browser, size, "Asia/Tokyo");
      await page.goto(`${env.app.url}/login`);
      await page.getByRole("link", { name: "Sign in with LinkedIn" }).click();
      await page.getByLabel("LinkedIn e-mail").fill(`leo.${size.name}@${DEMO_DOMAIN}`);
      const zonePosted = page.waitForResponse(
        (r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/me.data",
      );
      await page.getByRole("button", { name: "Allow" }).click();
      await page.waitForURL((u) => u.pathname === "/library");
      expect((await zonePosted).status()).toBe(200);
      await page.goto(`${env.app.url}/me`);
      expect(await page.getByLabel("Time zone").inputValue()).toBe("Asia/Tokyo");
      const text = (await page.getByRole("main").textContent()) ?? "";
      expect(text).toContain("ask an admin");
      expect(text).not.toMatch(/sign(ing)? in with LinkedIn/i);
      expect(errors).toEqual([]);
      await context.close();
    });

    it(
      `the history pages and filters by network, the filters kept in the URL (${size.name})`,
      { timeout: 60_000 },
      async () => {
        const { context, page, errors } = await open(env.browser, size);
        const rep = DEMO_LOGINS.users.find((u) => u.role === "rep");
        if (!rep) throw new Error("no demo rep");
        await signIn(page, env.app.url, rep.email);
        await page.goto(`${env.app.url}/queue`);
        const history = page.getByRole("list", { name: "Past shares" });
        const firstPage = await history.getByRole("heading", { level: 3 }).allTextContents();
        // The demo rep has 25 or more past shares: 20 on a page, and no name twice.
        expect(firstPage).toHaveLength(20);
        expect(new Set(firstPage).size).toBe(20);
        await page.screenshot({ path: `${ARTIFACTS}/queue-history-${size.name}.png`, fullPage: true });
        // Nothing on the page is wider than the screen.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          size.options.viewport.width,
        );
        await page.getByRole("link", { name: "Older →" }).click();
        await page.waitForURL((u) => u.searchParams.get("page") === "2");
        expect(await history.getByRole("heading", { level: 3 }).count()).toBeGreaterThan(0);
        await page.getByRole("link", { name: "← Newer" }).waitFor();

        await hydrated(page);
        await page.getByLabel("Network", { exact: true }).selectOption("x");
        await page.getByRole("button", { name: "Filter", exact: true }).click();
        await page.waitForURL((u) => u.searchParams.get("network") === "x" && !u.searchParams.get("page"));
        const names = () => history.getByRole("heading", { level: 3 }).allTextContents();
        await expect.poll(async () => (await names()).every((name) => name.includes(" — X — "))).toBe(true);
        const onX = await names();
        expect(onX.length).toBeGreaterThan(0);
        for (const name of onX) expect(name).toContain(" — X — ");
        expect(await page.getByLabel("Network", { exact: true }).inputValue()).toBe("x");
        await page.getByLabel("Status", { exact: true }).selectOption("cancelled");
        await page.getByRole("button", { name: "Filter", exact: true }).click();
        await page.getByText("No shares match these filters.").waitFor();
        expect(new URL(page.url()).searchParams.get("network")).toBe("x");
        expect(errors).toEqual([]);
        await context.close();
      },
    );
  }
});
