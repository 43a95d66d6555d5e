import { describe, expect, it } from "vitest";
import { ARTIFACTS, DEMO_LOGINS, holdScripts, newContext, signIn, useAppAndBrowser } from "./harness";

/**
 * Sharing by hand, as a rep without connected accounts does it: each network tab keeps its own text, X's
 * limit is enforced on every button, and each "Open … to share" button opens that network's share page
 * in a new tab. The networks' pages are answered by page routes: nothing leaves the machine.
 */
describe("share pages and the composer's tabs (Chromium)", () => {
  const env = useAppAndBrowser();

  it(
    "opens LinkedIn, X and Facebook's share pages with each tab's own text, and records them as unverified",
    { timeout: 120_000 },
    async () => {
      // No service worker: it would serve the app's scripts from its cache around holdScripts below.
      const context = await newContext(env.browser, undefined, { serviceWorkers: "block" });
      const opened: string[] = [];
      for (const host of [
        "https://www.linkedin.com/**",
        "https://x.com/**",
        "https://twitter.com/**",
        "https://www.facebook.com/**",
      ]) {
        await context.route(host, async (route) => {
          opened.push(route.request().url());
          await route.fulfill({
            status: 200,
            contentType: "text/html",
            body: "<!doctype html><title>network share page</title><p>stand-in</p>",
          });
        });
      }
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const rep = DEMO_LOGINS.users.find((u) => u.role === "rep")!;
      await signIn(page, env.app.url, rep.email);

      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Library" }).click();
      const itemTitle = "Keynote replay: the autonomous enterprise";
      await page
        .getByRole("list", { name: "Content items" })
        .getByRole("link", { name: `Share ${itemTitle}`, exact: true })
        .click();
      await page.getByRole("button", { name: "I accept the policy" }).click();
      await page.getByRole("heading", { level: 1, name: `Share “${itemTitle}”` }).waitFor();

      const tab = (name: string) =>
        page.getByRole("navigation", { name: "Network" }).getByRole("link", { name, exact: true });
      const open = async (name: string) => {
        const [popup] = await Promise.all([
          context.waitForEvent("page"),
          page.getByRole("button", { name: `Open ${name} to share` }).click(),
        ]);
        // The new tab posts the form to Chorus, which records the share and redirects it to the network's
        // page: a form-action CSP that does not list the network stops it on the way (it did for X, Facebook).
        await popup.waitForURL((u) => u.protocol === "https:" && !u.href.startsWith(env.app.url));
        const url = new URL(popup.url());
        await popup.close();
        return url;
      };

      // Words typed before the page's scripts ran (a slow phone) are the message, not marketing's suggestion:
      // React puts a textarea's server text back when it hydrates, and the form sends the page's state.
      const hydrate = await holdScripts(page);
      await page.reload({ waitUntil: "commit" });
      await page.getByLabel("Message for LinkedIn").fill("Typed before the scripts ran");
      // Copying is the script's: until it runs, Copy is disabled rather than recording a share and copying nothing.
      expect(await page.getByRole("button", { name: "Copy text and link" }).isDisabled()).toBe(true);
      await hydrate();
      expect(await page.getByRole("button", { name: "Copy text and link" }).isDisabled()).toBe(false);
      await expect
        .poll(() => page.getByLabel("Message for LinkedIn").inputValue())
        .toBe("Typed before the scripts ran");
      expect(await page.locator('form input[name="text"]').first().inputValue()).toBe("Typed before the scripts ran");
      // The count is of those words too: typing them again after hydration gives the same count.
      const counted = await page.locator("#counter").textContent();
      await page.getByLabel("Message for LinkedIn").fill("");
      await page.getByLabel("Message for LinkedIn").fill("Typed before the scripts ran");
      expect(await page.locator("#counter").textContent()).toBe(counted);
      await page.unroute(/\/assets\/.+\.js$/);

      // LinkedIn: the rep's own words.
      await page.getByLabel("Message for LinkedIn").fill("My LinkedIn words");
      // X: marketing's X message, not the LinkedIn text, without a reload.
      await tab("X").click();
      const xMessage = page.getByLabel("Message for X");
      await xMessage.waitFor();
      expect(await xMessage.inputValue()).toBe(`${itemTitle} 👇`);
      // Over X's weighted limit (CJK counts 2): every way to share is disabled, with the reason.
      await xMessage.fill("字".repeat(141));
      expect(await page.locator("#counter").textContent()).toMatch(
        /^\d+ \/ 280 characters \(links count as 23\) — \d+ over the limit$/,
      );
      expect(await page.getByRole("button", { name: "Copy text and link" }).isDisabled()).toBe(true);
      expect(await page.getByRole("button", { name: "Open X to share" }).isDisabled()).toBe(true);
      await page.getByRole("status").filter({ hasText: "Over X's limit of 280 characters" }).waitFor();
      await xMessage.fill("Short X words");
      expect(await page.getByRole("button", { name: "Copy text and link" }).isDisabled()).toBe(false);
      // Back on LinkedIn the rep's LinkedIn words are still there.
      await tab("LinkedIn").click();
      await page.getByLabel("Message for LinkedIn").waitFor();
      expect(await page.getByLabel("Message for LinkedIn").inputValue()).toBe("My LinkedIn words");

      const linkedin = await open("LinkedIn");
      expect(`${linkedin.origin}${linkedin.pathname}`).toBe("https://www.linkedin.com/feed/");
      expect(linkedin.searchParams.get("text")).toMatch(/^My LinkedIn words\nhttp:\/\/127\.0\.0\.1:\d+\/l\/\w{10}$/);

      await tab("X").click();
      await page.getByLabel("Message for X").waitFor();
      expect(await page.getByLabel("Message for X").inputValue()).toBe("Short X words");
      const x = await open("X");
      expect(`${x.origin}${x.pathname}`).toBe("https://x.com/intent/tweet");
      expect(x.searchParams.get("text")).toMatch(/^Short X words\nhttp:\/\/127\.0\.0\.1:\d+\/l\/\w{10}$/);

      await tab("Facebook").click();
      await page.getByLabel("Message for Facebook").waitFor();
      const facebook = await open("Facebook");
      expect(`${facebook.origin}${facebook.pathname}`).toBe("https://www.facebook.com/sharer/sharer.php");
      expect(facebook.searchParams.get("u")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/l\/\w{10}$/);
      await page.getByRole("status").filter({ hasText: "Facebook's share page takes only the link" }).waitFor();
      expect(opened).toHaveLength(3);

      // My queue: three shares, each opened and unverified, none "published".
      await page.goto(`${env.app.url}/queue`);
      for (const network of ["LinkedIn", "X", "Facebook"]) {
        const entry = page.getByRole("listitem", { name: `${itemTitle} — ${network} — ` }).first();
        await entry.waitFor();
        expect(await entry.getByTestId("share-status").textContent()).toBe("Opened · unverified");
      }
      await page.screenshot({ path: `${ARTIFACTS}/queue-opened.png`, fullPage: true });
      await context.close();
    },
  );
});
