import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rows } from "../../db/client.server";
import { ARTIFACTS, hydrated, newContext, signIn, useAppAndBrowser } from "./harness";
import type { Browser, Page } from "playwright-core";

const MANAGER = "maya.manager@northwind.example";
/** A row's label: "Rita Rep, rank 3, tied, up 2 places, 340 points" (movement left out on the all-time board). */
const LABEL = /^(.+), rank (\d+), (?:tied, )?(up \d+ places?|down \d+ places?|same place|new), ([\d,]+) points$/;

const SCREENS = [
  { name: "projector", viewport: { width: 1280, height: 720 }, phone: false },
  { name: "4k", viewport: { width: 3840, height: 2160 }, phone: false },
  { name: "phone", viewport: { width: 390, height: 844 }, phone: true },
];

async function screenFor(browser: Browser, screen: (typeof SCREENS)[number]) {
  return screen.phone
    ? browser.newContext({ viewport: screen.viewport, isMobile: true, hasTouch: true, timezoneId: "Europe/London" })
    : newContext(browser, screen.viewport);
}

/** Nothing scrolls, and every row, heading and hint lies wholly inside the viewport. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const { innerWidth: w, innerHeight: h } = window;
    const root = document.documentElement;
    if (root.scrollWidth > w) problems.push(`page scrolls sideways: ${root.scrollWidth} > ${w}`);
    if (root.scrollHeight > h) problems.push(`page scrolls down: ${root.scrollHeight} > ${h}`);
    const parts = document.querySelectorAll(
      ".meeting h1, .mm-head p, .mm-podium li:not(.mm-vacant), .mm-podium li > *, .mm-ranks li, .mm-ranks li > *",
    );
    for (const el of parts) {
      const r = el.getBoundingClientRect();
      if (r.left < 0 || r.top < 0 || r.right > w + 0.5 || r.bottom > h + 0.5)
        problems.push(
          `${el.className || el.tagName} "${el.textContent?.slice(0, 30)}" at ${[r.left, r.top, r.right, r.bottom].map(Math.round).join(",")}`,
        );
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).textOverflow !== "ellipsis")
        problems.push(`${el.className || el.tagName} "${el.textContent?.slice(0, 30)}" is cut off inside`);
    }
    return problems;
  });
}

/** Every shown row's rank is one more than the number of shown rows with more points (1, 2, 2, 4). */
async function ranksOnWall(page: Page) {
  const labels = await page
    .locator(".mm-podium li[aria-label], .mm-ranks li[aria-label]")
    .evaluateAll((els) =>
      els.map((el) => ({ label: el.getAttribute("aria-label") ?? "", shown: el.textContent ?? "" })),
    );
  return labels.map(({ label, shown }) => {
    const m = LABEL.exec(label);
    if (!m) throw new Error(`label without rank and movement: ${label}`);
    return { name: m[1] ?? "", rank: Number(m[2]), points: Number(m[4]?.replace(/,/g, "")), label, shown };
  });
}

describe("meeting mode (Chromium)", () => {
  // The app schedules its own jobs (on Postgres as a web process with RUN_JOBS_IN_WEB; the embedded app always).
  const env = useAppAndBrowser({ RUN_JOBS_IN_WEB: "true" });

  for (const screen of SCREENS)
    it(
      `fits a ${screen.viewport.width}×${screen.viewport.height} ${screen.name} screen: podium and ranks whole, movement in the labels, competition ranks, a way out`,
      { timeout: 120_000 },
      async () => {
        const context = await screenFor(env.browser, screen);
        const page = await context.newPage();
        const errors: string[] = [];
        page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
        await signIn(page, env.app.url, MANAGER);
        await page.goto(`${env.app.url}/leaderboard`);
        await page.getByRole("link", { name: "Meeting mode" }).click();
        await page.waitForURL(/\/leaderboard\/meeting/);
        const podium = page.getByRole("list", { name: "Podium" }).getByRole("listitem");
        await podium.first().waitFor();
        expect(await podium.count()).toBe(3);
        expect(await page.getByRole("list", { name: "Rest of the top ten" }).getByRole("listitem").count()).toBe(7);
        expect(await page.getByRole("button").count()).toBe(0); // no controls in the way
        // How to leave: Esc or the link on a screen with a keyboard; the link alone, tap-sized, on a touch screen.
        const exit = page.getByRole("link", { name: "Exit meeting mode" });
        await exit.waitFor();
        expect(await page.getByText(/Press\s*Esc\s*to leave/).isVisible()).toBe(!screen.phone);
        if (screen.phone) expect((await exit.boundingBox())!.height).toBeGreaterThanOrEqual(40);
        await page.waitForTimeout(300); // the web font and the first poll settle
        expect(await layoutProblems(page)).toEqual([]);

        const shown = await ranksOnWall(page);
        expect(shown).toHaveLength(10);
        for (const row of shown) {
          expect(row.rank, row.label).toBe(shown.filter((o) => o.points > row.points).length + 1);
          expect(row.shown, row.label).toContain(`#${row.rank}`);
        }
        await page.screenshot({ path: `${ARTIFACTS}/meeting-mode-${screen.name}.png` });

        if (screen.phone) await page.getByRole("link", { name: "Exit meeting mode" }).tap();
        else await page.keyboard.press("Escape");
        await page.waitForURL((u) => u.pathname === "/leaderboard");
        expect(errors).toEqual([]);
        await context.close();
      },
    );

  it.runIf(Boolean(process.env.DATABASE_URL))(
    "a tie for third reads #3 for both, on the podium and in the list",
    { timeout: 120_000 },
    async () => {
      // Four people of another team than the manager's end this week on 900, 800, 700 and 700 points: an
      // adjustment in the ledger and its daily rollup, as the award job writes them. The app's own scheduled
      // award run puts them on the board.
      const [team] = await rows<{ id: string }>(
        env.app.db,
        sql`
          select t.id from teams t join users u on u.team_id = t.id and u.deactivated_at is null
          where t.id is distinct from (select team_id from users where email = ${MANAGER})
          group by t.id having count(*) >= 4 order by t.name limit 1`,
      );
      if (!team) throw new Error("no team of four in the demo");
      const members = await rows<{ id: string; name: string; week: number }>(
        env.app.db,
        sql`
          select u.id, u.name, coalesce((
            select sum(d.points) from user_points_daily d
            where d.user_id = u.id and d.day >= date_trunc('week', now() at time zone 'UTC')::date), 0)::int as week
          from users u where u.team_id = ${team.id} and u.deactivated_at is null order by u.name`,
      );
      const targets = [900, 800, 700, 700, ...members.slice(4).map(() => 0)];
      const today = new Date().toISOString().slice(0, 10);
      for (const [i, m] of members.entries()) {
        const adjust = (targets[i] ?? 0) - m.week;
        await env.app.db.execute(sql`
          insert into point_events (user_id, kind, points, source, created_at)
          values (${m.id}, 'adjustment', ${adjust}, ${`e2e-tie:${m.id}`}, now())`);
        await env.app.db.execute(sql`
          insert into user_points_daily (user_id, day, points) values (${m.id}, ${today}::date, ${adjust})
          on conflict (user_id, day) do update set points = user_points_daily.points + excluded.points`);
      }
      const context = await newContext(env.browser, { width: 1280, height: 720 });
      const page = await context.newPage();
      await signIn(page, env.app.url, MANAGER);
      await page.goto(`${env.app.url}/leaderboard/meeting?period=week&team=${team.id}&cycle=0&poll=2`);
      const third = members.slice(2).map((m) => m.name);
      await page
        .getByRole("list", { name: "Rest of the top ten" })
        .getByRole("listitem", { name: new RegExp(`^${third[1]}, rank 3, tied`) })
        .waitFor({ timeout: 70_000 });
      const shown = await ranksOnWall(page);
      expect(shown.filter((r) => third.includes(r.name)).map((r) => [r.rank, r.shown.match(/#\d+/)?.[0]])).toEqual([
        [3, "#3"],
        [3, "#3"],
      ]);
      await page.screenshot({ path: `${ARTIFACTS}/meeting-mode-tied-third.png` });
      await context.close();
    },
  );

  it(
    "a share reaches the wall by itself within 60 s: the app's own schedule awards it, the screen polls",
    { timeout: 180_000 },
    async () => {
      const wall = await newContext(env.browser, { width: 1920, height: 1080 });
      const screen = await wall.newPage();
      await signIn(screen, env.app.url, MANAGER);
      // The manager's own team, this week, on one board: she has no points yet.
      await screen.goto(`${env.app.url}/leaderboard/meeting?period=week&team=mine&cycle=0`);
      await screen.getByRole("heading", { level: 1, name: "Enterprise Sales" }).waitFor();
      await screen.getByRole("list", { name: "Podium" }).waitFor();
      expect(await screen.getByRole("main").getByText("Maya Chen").count()).toBe(0);
      await screen.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

      // She shares a post (copied text) from another tab. Nobody runs a job by hand.
      const desk = await newContext(env.browser);
      await desk.grantPermissions(["clipboard-read", "clipboard-write"]);
      const tab = await desk.newPage();
      await signIn(tab, env.app.url, MANAGER);
      await tab.goto(`${env.app.url}/library`);
      await tab
        .getByRole("list", { name: "Content items" })
        .getByRole("link", { name: /^Share / })
        .first()
        .click();
      await hydrated(tab); // copying to the clipboard is the page's script
      await tab.getByRole("button", { name: "Copy text and link" }).click();
      await tab.getByRole("status").filter({ hasText: "Copied." }).waitFor();
      const sharedAt = Date.now();
      await desk.close();

      // The wall screen shows her without a reload, within a minute.
      await screen.getByRole("main").getByText("Maya Chen").first().waitFor({ timeout: 60_000 });
      expect(Date.now() - sharedAt).toBeLessThanOrEqual(60_000);
      expect(await screen.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
      await screen.getByRole("region", { name: "Latest badges" }).getByText("Maya Chen").first().waitFor();
      await screen.screenshot({ path: `${ARTIFACTS}/meeting-mode-team.png` });
      await wall.close();
    },
  );
});
