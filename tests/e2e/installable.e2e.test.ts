import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { rows } from "../../db/client.server";
import { DEMO_DOMAIN } from "../../seed/demo-logins";
import { DEMO_LOGINS, hydrated, newContext, signIn, useAppAndBrowser } from "./harness";

/**
 * The installable app (decision 017) in Chromium: the manifest Chromium installs from, the service worker
 * and its offline page, the Web Share Target into "Suggest content", and the composer's "Share…" with a
 * navigator.share stub (Debian's Chromium has none of its own).
 */
const SIZES = {
  desktop: { viewport: { width: 1366, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
} as const;
type Size = keyof typeof SIZES;
const rep = DEMO_LOGINS.users.find((u) => u.role === "rep")!;
const ITEM = "Keynote replay: the autonomous enterprise";

function contextAt(browser: Browser, size: Size): Promise<BrowserContext> {
  return size === "desktop"
    ? newContext(browser, SIZES.desktop.viewport)
    : browser.newContext({ ...SIZES.phone, timezoneId: "Europe/London" });
}

/** A page that fails the test on any console error or uncaught exception. */
async function watchedPage(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return { page, errors };
}

/** The width and height a PNG declares in its IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe("installable app (Chromium)", () => {
  const env = useAppAndBrowser();

  it(
    "serves a manifest with what Chromium needs to install the app, and Chromium reports no installability error",
    {
      timeout: 60_000,
    },
    async () => {
      const response = await fetch(`${env.app.url}/manifest.webmanifest`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^application\/manifest\+json/);
      const manifest = (await response.json()) as {
        name: string;
        short_name: string;
        start_url: string;
        scope: string;
        display: string;
        theme_color: string;
        background_color: string;
        icons: { src: string; sizes: string; type: string; purpose?: string }[];
        share_target: { action: string; method: string; params: Record<string, string> };
      };
      expect(manifest.name).toMatch(/Chorus/);
      expect(manifest.short_name).toBe("Chorus");
      expect(manifest.display).toBe("standalone");
      const start = new URL(manifest.start_url, env.app.url);
      expect(start.pathname.startsWith(new URL(manifest.scope, env.app.url).pathname)).toBe(true);
      expect(start.pathname).toBe("/library");
      expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
      expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);

      // Each icon loads as a PNG of the size it claims: 192, 512 and a maskable one.
      for (const icon of manifest.icons) {
        const file = await fetch(new URL(icon.src, env.app.url));
        expect(file.status, icon.src).toBe(200);
        expect(file.headers.get("content-type"), icon.src).toBe("image/png");
        const { width, height } = pngSize(Buffer.from(await file.arrayBuffer()));
        expect(`${width}x${height}`, icon.src).toBe(icon.sizes);
      }
      const sizes = manifest.icons.filter((i) => i.purpose !== "maskable").map((i) => i.sizes);
      expect(sizes).toEqual(expect.arrayContaining(["192x192", "512x512"]));
      expect(manifest.icons.some((i) => i.purpose === "maskable")).toBe(true);

      // The share target is a GET route of the app that answers (signed out: a sign-in redirect, not an error).
      expect(manifest.share_target).toMatchObject({
        method: "GET",
        params: { title: "title", text: "text", url: "url" },
      });
      const target = await fetch(
        new URL(`${manifest.share_target.action}?url=https%3A%2F%2Fa.example%2F`, env.app.url),
        {
          redirect: "manual",
        },
      );
      expect(target.status).toBe(302);
      expect(target.headers.get("location")).toMatch(/^\/login\?redirectTo=%2Fsuggest/);

      // The worker script: JavaScript, revalidated on every load.
      const worker = await fetch(`${env.app.url}/sw.js`);
      expect(worker.headers.get("content-type")).toMatch(/javascript/);
      expect(worker.headers.get("cache-control")).toBe("no-cache");
      expect(worker.headers.get("content-security-policy")).toContain("worker-src 'self'");

      // Chromium's own verdict, as it decides whether to offer "Install app", from a page that links the manifest.
      // A profile on disk: Chromium never offers to install from an off-the-record profile (a browser context).
      const profile = mkdtempSync(path.join(tmpdir(), "chorus-install-"));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        viewport: SIZES.desktop.viewport,
      });
      try {
        const { page, errors } = await watchedPage(context);
        await page.goto(`${env.app.url}/login`);
        expect(await page.locator('link[rel="manifest"]').getAttribute("href")).toBe("/manifest.webmanifest");
        const cdp = await context.newCDPSession(page);
        const parsed = (await cdp.send("Page.getAppManifest")) as { errors: { message: string }[]; url: string };
        expect(parsed.url).toBe(`${env.app.url}/manifest.webmanifest`);
        expect(parsed.errors).toEqual([]);
        await page.evaluate(() => navigator.serviceWorker.ready);
        const installability = (await cdp.send("Page.getInstallabilityErrors")) as {
          installabilityErrors: { errorId: string }[];
        };
        expect(installability.installabilityErrors.map((e) => e.errorId)).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    },
  );

  for (const size of ["desktop", "phone"] as const) {
    it(
      `registers a service worker that shows the offline page without a network and never serves pages or data from its cache (${size})`,
      {
        timeout: 90_000,
      },
      async () => {
        const context = await contextAt(env.browser, size);
        const { page, errors } = await watchedPage(context);
        // Every route is in the first document (decision 029): no route discovery request exists to fail offline.
        const discovery: string[] = [];
        page.on("request", (request) => {
          if (new URL(request.url()).pathname === "/__manifest") discovery.push(request.url());
        });
        await signIn(page, env.app.url, rep.email);
        await page.goto(`${env.app.url}/library`);
        await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
        const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
        expect(scope).toBe(`${env.app.url}/`);
        // A second page load fetches its scripts through the worker, which keeps the hashed ones.
        await page.reload();
        await hydrated(page);

        await context.setOffline(true);
        // A page navigation: the offline page, saying so, not a stale copy of the page.
        await page.goto(`${env.app.url}/leaderboard`);
        await page.getByRole("heading", { level: 1, name: "You are offline" }).waitFor();
        expect(await page.getByText("may no longer be current").count()).toBe(1);
        // Loader data is never answered from a cache: without a network it fails.
        const data = await page.evaluate(() =>
          fetch("/library.data").then(
            (r) => `answered ${r.status}`,
            () => "failed",
          ),
        );
        expect(data).toBe("failed");
        // What the worker keeps: its shell and hashed build files, no page and no data.
        const cached = await page.evaluate(async () => {
          const urls: string[] = [];
          for (const name of await caches.keys())
            for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
          return urls;
        });
        expect(cached).toEqual(expect.arrayContaining(["/offline.html"]));
        expect(cached.some((p) => p.startsWith("/assets/") && p.endsWith(".js"))).toBe(true);
        const kept = ["/offline.html", "/favicon.svg", "/icons/icon-192.png", "/manifest.webmanifest"];
        expect(cached.filter((p) => !p.startsWith("/assets/") && !kept.includes(p))).toEqual([]);

        // Online again, the same address is the real page.
        await context.setOffline(false);
        await page.goto(`${env.app.url}/library`);
        await page.getByRole("heading", { level: 1, name: "Library" }).waitFor();
        // A navigation inside the app while offline says so too (its data request fails).
        await hydrated(page);
        await context.setOffline(true);
        await page.evaluate(() => {
          const router = (window as unknown as { __remixRouter: { navigate(to: string): Promise<void> } })
            .__remixRouter;
          // The library's own route module is loaded already: only its data is missing.
          void router.navigate("/library?page=again");
        });
        await page.getByRole("heading", { level: 1, name: "You are offline" }).waitFor();
        await context.setOffline(false);
        // The failed data request is the browser's own network error, not a console error of the app's.
        expect(errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
        expect(discovery).toEqual([]);
        await context.close();
      },
    );

    it(
      `takes a link from the phone's share sheet through sign-in into Suggest content, filled in (${size})`,
      {
        timeout: 90_000,
      },
      async () => {
        const context = await contextAt(env.browser, size);
        const { page, errors } = await watchedPage(context);
        const link = `https://press.example/robots-${size}?utm_source=app`;
        // Android apps often put the link in `text` and leave `url` empty.
        const query = new URLSearchParams({ title: "Robots at work", text: `Worth a read ${link}`, url: "" });
        await page.goto(`${env.app.url}/share-target?${query}`);
        await page.waitForURL((u) => u.pathname === "/login");
        await page.getByLabel("Work e-mail").fill(rep.email);
        await page.getByLabel("Password").fill(DEMO_LOGINS.password);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.waitForURL((u) => u.pathname === "/suggest");
        await hydrated(page); // the sent form is emptied by the page's script
        await page.getByRole("heading", { level: 1, name: "Suggest content" }).waitFor();
        await page.getByRole("status").filter({ hasText: "Shared from another app" }).waitFor();
        expect(await page.getByLabel("Page URL").inputValue()).toBe(link);
        expect(await page.getByLabel("Why it is worth sharing").inputValue()).toBe("Robots at work — Worth a read");
        await page.getByRole("button", { name: "Send suggestion" }).click();
        await page.getByRole("status").filter({ hasText: "Thanks! Marketing will review your suggestion." }).waitFor();
        expect(await page.getByLabel("Page URL").inputValue()).toBe("");
        await page.getByRole("region", { name: "Your suggestions" }).getByText(link).first().waitFor();

        // Signed in, a share with nothing usable: the form is empty, with a message; no error page.
        const response = await page.goto(`${env.app.url}/share-target?text=${encodeURIComponent("just words")}`);
        expect(response?.status()).toBe(200);
        await page.getByRole("status").filter({ hasText: "had no web address" }).waitFor();
        expect(await page.getByLabel("Page URL").inputValue()).toBe("");
        const bad = await page.goto(`${env.app.url}/suggest?shared=link&url=javascript%3Aalert(1)`);
        expect(bad?.status()).toBe(200);
        await page.getByRole("status").filter({ hasText: "could not be read" }).waitFor();
        expect(await page.getByLabel("Page URL").inputValue()).toBe("");
        expect(errors).toEqual([]);
        await context.close();
      },
    );
  }

  for (const size of ["desktop", "phone"] as const) {
    it(
      `marks "Install the app" done on the first-steps checklist once Chromium reports the app installed (${size})`,
      { timeout: 90_000 },
      async () => {
        const context = await contextAt(env.browser, size);
        const { page, errors } = await watchedPage(context);
        // A newcomer: the checklist shows until every step is done, and nothing else is done yet.
        await page.goto(`${env.app.url}/signup`);
        await hydrated(page);
        await page.getByLabel("Full name").fill("Ines Installer");
        await page.getByLabel("Work e-mail").fill(`ines.install.${size}@${DEMO_DOMAIN}`);
        await page.getByLabel("Password").fill("a-long-enough-password");
        await page.getByRole("button", { name: "Create account" }).click();
        await page.waitForURL((u) => u.pathname === "/library");
        const install = page
          .getByRole("list", { name: "First steps" })
          .getByRole("listitem")
          .filter({ hasText: "Install the app" });
        expect(await install.textContent()).toContain("To do");
        // Hydrated, so the checklist listens; then what Chromium does once the app is installed: fire appinstalled.
        await hydrated(page);
        await page.evaluate(
          () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
        );
        const recorded = page.waitForResponse(
          (r) => r.request().method() === "POST" && (r.request().postData() ?? "").includes("app-installed"),
        );
        await page.evaluate(() => window.dispatchEvent(new Event("appinstalled")));
        expect((await recorded).status()).toBe(200);
        // The server keeps it: after a reload the step reads Done, and the count says so.
        await page.reload();
        await page.getByRole("heading", { name: "First steps" }).waitFor();
        expect(await install.textContent()).toContain("Done");
        expect(await install.textContent()).not.toContain("To do");
        await page.getByText("1 of 4 done").waitFor();
        expect(errors).toEqual([]);
        await context.close();
      },
    );
  }

  /** The composer of the demo item, after accepting the policy if this rep has not yet. */
  async function openComposer(page: Page) {
    await signIn(page, env.app.url, rep.email);
    await page.goto(`${env.app.url}/library`);
    await page
      .getByRole("list", { name: "Content items" })
      .getByRole("link", { name: `Share ${ITEM}`, exact: true })
      .click();
    const accept = page.getByRole("button", { name: "I accept the policy" });
    const heading = page.getByRole("heading", { level: 1, name: `Share “${ITEM}”` });
    await accept.or(heading).first().waitFor();
    if (await accept.isVisible()) await accept.click();
    await heading.waitFor();
    // Hydrated (React owns the heading) and its effects run: a feature check after hydration has answered.
    await page.waitForFunction(() => {
      const h1 = document.querySelector("h1");
      return h1 !== null && Object.keys(h1).some((key) => key.startsWith("__reactFiber"));
    });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  }

  /** Whether a tracked link works: /l/<code> answers with a redirect to the item's own address. */
  async function redirectOf(link: string): Promise<string | null> {
    const response = await fetch(link.replace(/^https?:\/\/[^/]+/, env.app.url), { redirect: "manual" });
    return response.status === 302 ? response.headers.get("location") : null;
  }

  it(
    "offers Share… on a phone with a share sheet, hands it the tracked link and records the share like a copy share",
    {
      timeout: 90_000,
    },
    async () => {
      const context = await contextAt(env.browser, "phone");
      await context.addInitScript(() => {
        const calls: ShareData[] = [];
        Object.assign(window, { __shareCalls: calls });
        Object.defineProperty(navigator, "share", {
          configurable: true,
          value: (data: ShareData) => {
            calls.push(data);
            return Promise.resolve();
          },
        });
      });
      const { page, errors } = await watchedPage(context);
      await openComposer(page);
      await page.getByLabel("Message for LinkedIn").fill("Shared from my phone");
      await page.getByRole("button", { name: "Share…" }).click();
      await page.getByRole("status").filter({ hasText: "Shared through your phone" }).waitFor();
      const calls = await page.evaluate(() => (window as unknown as { __shareCalls: ShareData[] }).__shareCalls);
      expect(calls).toHaveLength(1);
      const [call] = calls;
      expect(call!.title).toBe(ITEM);
      expect(call!.text).toMatch(/^Shared from my phone/);
      expect(call!.url).toMatch(new RegExp(`^${env.app.url}/l/[A-Za-z0-9_-]+$`));
      // The link the sheet got works already: the share was recorded before the sheet opened.
      expect(await redirectOf(call!.url!)).toMatch(/^https:\/\/.*utm_/);

      // It is in the rep's queue with that link, recorded as shared by hand and unverified.
      await page.goto(`${env.app.url}/queue`);
      const entry = page.getByRole("listitem").filter({ hasText: call!.url! });
      await entry.first().waitFor();
      expect(await entry.first().textContent()).toMatch(/Opened · unverified/);
      // On Postgres the test can read the app's database too (PGlite admits one process: the app).
      if (env.app.db) {
        const recorded = await rows(
          env.app.db,
          sql`select method, status from shares where text like ${`%${call!.url!}`}`,
        );
        expect(recorded).toEqual([{ method: "copy", status: "opened" }]);
      }
      expect(errors).toEqual([]);
      await context.close();
    },
  );

  it(
    "withdraws the share when the phone's share sheet is closed without choosing an app",
    { timeout: 90_000 },
    async () => {
      const context = await contextAt(env.browser, "phone");
      await context.addInitScript(() => {
        const calls: ShareData[] = [];
        Object.assign(window, { __shareCalls: calls });
        Object.defineProperty(navigator, "share", {
          configurable: true,
          value: (data: ShareData) => {
            calls.push(data);
            return Promise.reject(new DOMException("Share canceled", "AbortError"));
          },
        });
      });
      const { page, errors } = await watchedPage(context);
      await openComposer(page);
      await page.getByLabel("Message for LinkedIn").fill("Changed my mind");
      await page.getByRole("button", { name: "Share…" }).click();
      await page.getByRole("status").filter({ hasText: "Not shared: the share sheet was closed" }).waitFor();
      const calls = await page.evaluate(() => (window as unknown as { __shareCalls: ShareData[] }).__shareCalls);
      expect(calls).toHaveLength(1);
      await page.goto(`${env.app.url}/queue`);
      const entry = page.getByRole("listitem").filter({ hasText: calls[0]!.url! });
      await entry.first().waitFor();
      expect(await entry.first().textContent()).toMatch(/Cancelled/);
      expect(await entry.first().textContent()).not.toMatch(/Opened · unverified/);
      expect(errors).toEqual([]);
      await context.close();
    },
  );

  it(
    "opens the sheet on the next tap when the browser refuses it after the round trip, with the link already made",
    {
      timeout: 90_000,
    },
    async () => {
      const context = await contextAt(env.browser, "phone");
      // Like a browser that wants the sheet opened within the tap itself: the first call is refused.
      await context.addInitScript(() => {
        const calls: ShareData[] = [];
        Object.assign(window, { __shareCalls: calls });
        Object.defineProperty(navigator, "share", {
          configurable: true,
          value: (data: ShareData) => {
            calls.push(data);
            return calls.length === 1
              ? Promise.reject(new DOMException("Must be handling a user gesture", "NotAllowedError"))
              : Promise.resolve();
          },
        });
      });
      const { page, errors } = await watchedPage(context);
      await openComposer(page);
      await page.getByLabel("Message for LinkedIn").fill("Second tap");
      await page.getByRole("button", { name: "Share…" }).click();
      await page.getByRole("status").filter({ hasText: "tap Share… again" }).waitFor();
      await page.getByRole("button", { name: "Share…" }).click();
      await page.getByRole("status").filter({ hasText: "Shared through your phone" }).waitFor();
      const calls = await page.evaluate(() => (window as unknown as { __shareCalls: ShareData[] }).__shareCalls);
      // Both calls carried the one recorded share's link: the second tap made no second share.
      expect(calls).toHaveLength(2);
      expect(calls[1]!.url).toBe(calls[0]!.url);
      expect(await redirectOf(calls[1]!.url!)).toMatch(/^https:\/\//);
      if (env.app.db) {
        const recorded = await rows(env.app.db, sql`select status from shares where text like ${"Second tap%"}`);
        expect(recorded).toEqual([{ status: "opened" }]);
      }
      expect(errors).toEqual([]);
      await context.close();
    },
  );

  for (const size of ["desktop", "phone"] as const) {
    it(`shows no Share… button where the browser has no share sheet (${size})`, { timeout: 60_000 }, async () => {
      const context = await contextAt(env.browser, size);
      const { page, errors } = await watchedPage(context);
      await openComposer(page);
      expect(await page.evaluate(() => typeof navigator.share)).toBe("undefined");
      await page.getByRole("button", { name: "Copy text and link" }).waitFor();
      expect(await page.getByRole("button", { name: "Share…" }).count()).toBe(0);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
