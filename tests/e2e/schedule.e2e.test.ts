import { describe, expect, it } from "vitest";
import { localToUtc, utcToLocal } from "~/domain/scheduling.server";
import { ARTIFACTS, DEMO_LOGINS, holdScripts, newContext, signIn, useAppAndBrowser } from "./harness";

const REP_ZONE = "America/New_York"; // the demo rep's zone (seed/demo.ts)

describe("a rep with five minutes schedules a post for tomorrow 9:00 (Chromium)", () => {
  const env = useAppAndBrowser();

  it(
    "connects LinkedIn, picks a post, tweaks it, schedules it, and sees the worker publish it",
    { timeout: 90_000 },
    async () => {
      // No service worker: it would serve the app's scripts from its cache around holdScripts below.
      const context = await newContext(env.browser, undefined, { serviceWorkers: "block" });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const rep = DEMO_LOGINS.users.find((u) => u.role === "rep")!;
      await signIn(page, env.app.url, rep.email);

      // Connect LinkedIn through the (mocked) consent screen.
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Connections" }).click();
      await page.getByRole("link", { name: "Connect LinkedIn" }).click();
      await page.getByRole("button", { name: "Allow" }).click();
      await page.getByRole("status").filter({ hasText: "LinkedIn connected." }).waitFor();

      // Pick the first post in the library; the policy comes first for a new sharer (accepted in the composer).
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Library" }).click();
      const itemTitle = "Keynote replay: the autonomous enterprise"; // an item whose text reps may edit
      await page
        .getByRole("list", { name: "Content items" })
        .getByRole("link", { name: `Share ${itemTitle}`, exact: true })
        .click();
      await page.getByRole("button", { name: "I accept the policy" }).click();
      await page.getByRole("heading", { level: 1, name: `Share “${itemTitle}”` }).waitFor();
      expect(await page.getByText(`Times are in your time zone: ${REP_ZONE}`).count()).toBe(1);

      // A suggested time is picked by the page's script: on a slow phone, before it runs, its buttons are
      // disabled rather than ignoring a tap (Schedule would then use the time in the fields).
      const hydrate = await holdScripts(page);
      await page.reload({ waitUntil: "commit" });
      const slots = page.getByRole("group", { name: "Suggested times" }).getByRole("button");
      await slots.first().waitFor();
      for (const slot of await slots.all()) expect(await slot.isDisabled()).toBe(true);
      await hydrate();
      for (const slot of await slots.all()) expect(await slot.isDisabled()).toBe(false);

      // Tweak the text and watch the counter follow.
      const message = page.getByLabel("Message for LinkedIn");
      await message.fill("Five minutes well spent: this is worth your time.");
      expect(await page.locator("#counter").textContent()).toMatch(/^\d+ \/ 3000 characters/);
      expect(await page.getByTestId("preview").textContent()).toContain("Five minutes well spent");

      // Tomorrow, 9:00 in the rep's own zone.
      const tomorrow = utcToLocal(new Date(Date.now() + 86400_000), REP_ZONE).date;
      await page.getByLabel("Date").fill(tomorrow);
      await page.getByLabel(`Time (${REP_ZONE})`).fill("09:00");
      await page.getByRole("button", { name: "Schedule", exact: true }).click();
      // The composer confirms in the rep's words, and links to the queue.
      await page.getByRole("status").filter({ hasText: "Scheduled for tomorrow" }).waitFor();
      await page.getByRole("link", { name: "See it in your queue" }).click();
      await page.waitForURL((u) => u.pathname === "/queue");

      // Found by the rep's own words: the demo history may hold an older LinkedIn share of the same item.
      const ours = () =>
        page
          .getByRole("listitem", { name: `${itemTitle} — LinkedIn — ` })
          .filter({ hasText: "Five minutes well spent" });
      const entry = ours();
      await entry.waitFor();
      expect(await entry.getByTestId("share-status").textContent()).toBe("Scheduled");
      const expectedLabel = utcToLocal(localToUtc(tomorrow, "09:00", REP_ZONE), REP_ZONE).label;
      expect(await entry.textContent()).toContain(`scheduled ${expectedLabel}`);
      expect(await entry.textContent()).toContain("Five minutes well spent");
      await page.screenshot({ path: `${ARTIFACTS}/queue-scheduled.png`, fullPage: true });

      // The worker, run once from the CLI a minute after the scheduled time, publishes it.
      const due = new Date(localToUtc(tomorrow, "09:00", REP_ZONE).getTime() + 60_000);
      const outcome = await env.app.runJob("dispatch", due);
      expect(outcome).toMatchObject({ status: "ok", stats: { published: 1 } });

      await page.goto(`${env.app.url}/queue`);
      const published = ours();
      await published.waitFor();
      expect(await published.getByTestId("share-status").textContent()).toBe("Published");
      expect(await published.getByRole("link", { name: "View the post on LinkedIn" }).getAttribute("href")).toMatch(
        /^https:\/\/www\.linkedin\.com\/feed\/update\/urn:li:share:\d+\/$/,
      );
      await page.screenshot({ path: `${ARTIFACTS}/queue-published.png`, fullPage: true });
      await context.close();
    },
  );

  it("the tracked link redirects to the item's own URL with UTM tags", async () => {
    const context = await newContext(env.browser);
    const page = await context.newPage();
    const rep = DEMO_LOGINS.users.find((u) => u.role === "rep")!;
    await signIn(page, env.app.url, rep.email);
    await page.goto(`${env.app.url}/queue`);
    const text = await page.locator(".queue-text").first().textContent();
    const link = text!.trim().split("\n").pop()!;
    expect(link).toMatch(/\/l\/\w{10}$/);
    const response = await fetch(link.replace(/^https?:\/\/[^/]+/, env.app.url), {
      redirect: "manual",
      headers: { "User-Agent": "Mozilla/5.0 Chrome/120" },
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(
      /^https:\/\/www\.northwind\.example\/.+utm_source=linkedin&utm_medium=employee_advocacy/,
    );
    const missing = await fetch(`${env.app.url}/l/doesnotexist`, { redirect: "manual" });
    expect(missing.status).toBe(404);
    await context.close();
  });
});
