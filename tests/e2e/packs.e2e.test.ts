import { describe, expect, it } from "vitest";
import { ARTIFACTS, holdScripts, signIn, useAppAndBrowser } from "./harness";
import type { Browser, Page } from "playwright-core";

const SIZES = [
  { name: "desktop", viewport: { width: 1366, height: 768 }, isMobile: false },
  { name: "phone", viewport: { width: 390, height: 844 }, isMobile: true },
] as const;
type Size = (typeof SIZES)[number];

/** A signed-in page at a size; console errors are collected so a journey can assert there were none. */
async function open(browser: Browser, size: Size, url: string, email: string, serviceWorkers?: "block") {
  const context = await browser.newContext({
    serviceWorkers,
    viewport: size.viewport,
    isMobile: size.isMobile,
    hasTouch: size.isMobile,
    timezoneId: "Europe/London", // the browser's zone is neither the server's (Berlin) nor Mia's (New York)
  });
  const page = await context.newPage();
  const errors: string[] = [];
  // A form's 400 reply (the invalid first attempt below) is logged by Chromium as a failed resource: not a page error.
  page.on("console", (m) =>
    m.type() === "error" && !/status of 400 \(Bad Request\)/.test(m.text()) ? errors.push(m.text()) : undefined,
  );
  page.on("pageerror", (e) => errors.push(e.message));
  await signIn(page, url, email);
  return { page, errors, close: () => context.close() };
}

const status = (page: Page, text: string | RegExp) => page.getByRole("status").filter({ hasText: text }).waitFor();

describe("a marketer builds a pack, with the server at TZ=Europe/Berlin (Chromium)", () => {
  const env = useAppAndBrowser({ TZ: "Europe/Berlin" });

  for (const size of SIZES) {
    it(
      `${size.name}: create an item, a second marketer opens and approves it, pick it into a pack, see why publishing waits, confirm, all times in New York`,
      {
        timeout: 240_000,
      },
      async () => {
        const title = `Kestrel recap ${size.name}`;
        const mia = await open(env.browser, size, env.app.url, "mia.marketing@northwind.example");
        const page = mia.page;
        await page.goto(`${env.app.url}/me`);
        await page.getByLabel("Time zone").selectOption("America/New_York");
        await page.getByRole("button", { name: "Save profile" }).click();
        await status(page, "Profile saved.");

        // A stale error from a first attempt goes away once "Create item" succeeds, which names the item.
        await page.goto(`${env.app.url}/studio/items/new`);
        await page.getByLabel("URL", { exact: true }).fill(`https://www.northwind.example/kestrel-recap-${size.name}`);
        await page.getByLabel("Title").fill(title);
        await page.getByLabel("Publish at (America/New_York)").fill("2026-12-03T09:00");
        await page.getByLabel("Expires at (America/New_York)").fill("2026-12-01T09:00");
        await page.getByLabel("LinkedIn messages").fill(`The ${size.name} recap of Kestrel`);
        await page.getByRole("button", { name: "Create item" }).click();
        await page.getByText("Expiry must come after the publish time").waitFor();
        await page.getByLabel("Expires at (America/New_York)").fill("");
        await page.getByRole("button", { name: "Create item" }).click();
        await status(page, `Created “${title}”.`);
        expect(await page.getByText("Expiry must come after the publish time").count()).toBe(0);
        expect(await page.getByLabel("Publish at (America/New_York)").inputValue()).toBe("2026-12-03T09:00");
        // Saved unchanged, 09:00 New York stays 09:00 (it drifted by the server's offset on every save before).
        await page.getByRole("button", { name: "Save changes" }).click();
        await status(page, "Saved.");
        await page.reload();
        expect(await page.getByLabel("Publish at (America/New_York)").inputValue()).toBe("2026-12-03T09:00");
        await page.getByRole("button", { name: "Send to review" }).click();
        await status(page, "Moved to in review");
        const itemUrl = page.url().replace(/\?.*$/, "");

        // The pack, before it has an approved item: the disabled button says why.
        await page.goto(`${env.app.url}/studio/packs/new`);
        await page.getByLabel("Title").fill(`Kestrel pack ${size.name}`);
        await page.getByLabel("Live from (America/New_York)").fill("2030-12-03T09:00");
        await page.getByLabel("Enterprise Sales").check();
        await page.getByRole("button", { name: "Create pack" }).click();
        await page.waitForURL(/\/studio\/packs\/[0-9a-f-]{36}$/);
        const packUrl = page.url();
        expect(await page.getByRole("button", { name: "Publish pack" }).isDisabled()).toBe(true);
        await page.getByText("Add at least one approved item to publish the pack.").waitFor();
        expect(await page.getByLabel("Live from (America/New_York)").inputValue()).toBe("2030-12-03T09:00");
        await page.getByRole("button", { name: "Save pack" }).click();
        await status(page, "Pack saved.");
        expect(await page.getByLabel("Live from (America/New_York)").inputValue()).toBe("2030-12-03T09:00");
        // Not approved yet, so the picker does not offer it.
        await page.getByLabel("Search approved items by title").fill(title);
        await status(page, `No approved item matches “${title}”.`);
        expect(mia.errors).toEqual([]);
        await mia.close();

        // Marco reviews: the page he opens is what he approves.
        const marco = await open(env.browser, size, env.app.url, "marco.marketing@northwind.example");
        await marco.page.goto(itemUrl);
        await marco.page.getByRole("button", { name: "Approve" }).click();
        await status(marco.page, "Moved to approved");
        expect(marco.errors).toEqual([]);
        await marco.close();

        // Without the service worker, which would serve the app's scripts from its cache around the hold below.
        const again = await open(env.browser, size, env.app.url, "mia.marketing@northwind.example", "block");
        const p = again.page;
        // Mia types before the page's scripts have run (a slow phone): her words are searched once it hydrates.
        const hydrate = await holdScripts(p);
        await p.goto(packUrl, { waitUntil: "commit" });
        const search = p.getByLabel("Search approved items by title");
        await search.focus();
        await p.keyboard.type(`recap ${size.name}`);
        if (size.name === "desktop") {
          // Enter before hydration submits the search form natively: it comes back to the pack with the words.
          await p.keyboard.press("Enter");
          await p.waitForURL(`${packUrl}?q=recap+${size.name}`, { waitUntil: "commit" });
        }
        await hydrate();
        await status(p, `1 approved item matching “recap ${size.name}”`);
        expect(await search.inputValue()).toBe(`recap ${size.name}`);
        const add = p.getByRole("button", { name: `Add ${title}` });
        expect(await p.getByRole("list", { name: "Approved items to add" }).getByRole("listitem").count()).toBe(1);
        await add.focus();
        await p.keyboard.press("Enter");
        await status(p, `Added “${title}” to the pack.`);
        await p.getByRole("list", { name: "Items in this pack" }).getByRole("link", { name: title }).waitFor();
        expect(await p.getByText("Add at least one approved item").count()).toBe(0);

        // Publishing asks first, saying who will see it and from when, in Mia's zone.
        await p.getByRole("button", { name: "Publish pack" }).click();
        const confirm = p.getByRole("region", { name: `Publish “Kestrel pack ${size.name}”?` });
        await confirm.waitFor();
        expect(await confirm.textContent()).toContain(
          "Reps in Enterprise Sales will see its 1 item in their library from Tue 3 Dec 2030, 09:00 (America/New_York), until it is archived.",
        );
        await p.screenshot({ path: `${ARTIFACTS}/pack-confirm-${size.name}.png`, fullPage: true });
        await confirm.getByRole("button", { name: "Publish now" }).click();
        await status(p, "Pack published");
        await p.getByText(/^Published \w{3} \d{1,2} \w{3} \d{4}, \d{2}:\d{2} \(America\/New_York\)$/).waitFor();
        await p.goto(`${env.app.url}/studio/packs`);
        const row = p.getByRole("row").filter({ hasText: `Kestrel pack ${size.name}` });
        expect(await row.textContent()).toContain("3 Dec 2030 – open-ended");
        await p.getByRole("columnheader", { name: "Live window (America/New_York)" }).waitFor();
        expect(again.errors).toEqual([]);
        await again.close();
      },
    );

    it(
      `${size.name}: the library lists a pack's items in the order the marketer arranged them`,
      { timeout: 180_000 },
      async () => {
        // Three published demo items, added oldest first, then arranged in neither that order nor the library's
        // usual one (newest first).
        const [first, second, third] = [
          "The real cost of alert fatigue",
          "Mainframe modernisation without the big bang",
          "Two-minute demo: automated change approvals",
        ] as const;
        const arranged = [second, third, first];
        const packTitle = `Ordered pack ${size.name}`;
        const mia = await open(env.browser, size, env.app.url, "mia.marketing@northwind.example");
        const p = mia.page;
        await p.goto(`${env.app.url}/studio/packs/new`);
        await p.getByLabel("Title").fill(packTitle);
        await p.getByLabel("Enterprise Sales").check(); // Rita's team
        await p.getByRole("button", { name: "Create pack" }).click();
        await p.waitForURL(/\/studio\/packs\/[0-9a-f-]{36}$/);
        const packId = new URL(p.url()).pathname.split("/").pop()!;
        for (const title of [first, second, third]) {
          await p.getByLabel("Search approved items by title").fill(title);
          await status(p, `1 approved item matching “${title}”`);
          await p.getByRole("button", { name: `Add ${title}` }).click();
          await status(p, `Added “${title}” to the pack.`);
        }
        const inPack = p.getByRole("list", { name: "Items in this pack" }).getByRole("link");
        await expect.poll(() => inPack.allTextContents()).toEqual([first, second, third]);
        await p.getByRole("button", { name: `Move ${first} down` }).click();
        await expect.poll(() => inPack.allTextContents()).toEqual([second, first, third]);
        await p.getByRole("button", { name: `Move ${third} up` }).click();
        await expect.poll(() => inPack.allTextContents()).toEqual(arranged);
        await p.getByRole("button", { name: "Publish pack" }).click();
        await p
          .getByRole("region", { name: `Publish “${packTitle}”?` })
          .getByRole("button", { name: "Publish now" })
          .click();
        await status(p, "Pack published");
        expect(mia.errors).toEqual([]);
        await mia.close();

        // Rita, in Enterprise Sales, opens the pack in her library: its items in Mia's order.
        const rita = await open(env.browser, size, env.app.url, "rita.rep@northwind.example");
        await rita.page.goto(`${env.app.url}/library?pack=${packId}`);
        await rita.page.getByRole("heading", { level: 2, name: packTitle }).waitFor();
        const items = rita.page.getByRole("list", { name: "Content items" }).getByRole("heading", { level: 3 });
        expect(await items.allTextContents()).toEqual(arranged);
        expect(rita.errors).toEqual([]);
        await rita.close();
      },
    );
  }
});
