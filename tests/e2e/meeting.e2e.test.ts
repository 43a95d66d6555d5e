import { describe, expect, it } from "vitest";
import { ARTIFACTS, newContext, signIn, useAppAndBrowser } from "./harness";

const MANAGER = "maya.manager@northwind.example";

describe("meeting mode (Chromium)", () => {
  const env = useAppAndBrowser();

  it(
    "a manager opens meeting mode, sees the podium, and the board updates by itself after a new share is awarded",
    { timeout: 180_000 },
    async () => {
      const wall = await newContext(env.browser, { width: 1920, height: 1080 });
      const screen = await wall.newPage();
      await signIn(screen, env.app.url, MANAGER);
      await screen.goto(`${env.app.url}/leaderboard`);
      await screen.getByRole("link", { name: "Meeting mode" }).click();
      await screen.waitForURL(/\/leaderboard\/meeting/);
      const podium = screen.getByRole("list", { name: "Podium" }).getByRole("listitem");
      await podium.first().waitFor();
      expect(await podium.count()).toBe(3);
      expect(await screen.getByRole("list", { name: "Ranks 4 to 10" }).getByRole("listitem").count()).toBe(7);
      expect(await screen.getByRole("button").count()).toBe(0); // no controls in the way
      await screen
        .getByRole("region", { name: "Latest badges" })
        .getByText(/earned/)
        .first()
        .waitFor();
      await screen.screenshot({ path: `${ARTIFACTS}/meeting-mode.png` });

      // Escape leaves meeting mode.
      await screen.keyboard.press("Escape");
      await screen.waitForURL((u) => u.pathname === "/leaderboard");

      // The manager's own team, this week, on one board: she has no points yet.
      await screen.goto(`${env.app.url}/leaderboard/meeting?period=week&team=mine&cycle=0&poll=2`);
      await screen.getByRole("heading", { level: 1, name: "Enterprise Sales" }).waitFor();
      await screen.getByRole("list", { name: "Podium" }).waitFor();
      expect(await screen.getByRole("main").getByText("Maya Chen").count()).toBe(0);
      await screen.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

      // She shares a post (copied text) from another tab, and the award job runs.
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
      await tab.getByRole("button", { name: "Copy text and link" }).click();
      await tab.getByRole("status").filter({ hasText: "Copied." }).waitFor();
      await desk.close();
      const award = await env.app.runJob("award", new Date(Date.now() + 1000));
      expect(award).toMatchObject({ status: "ok" });
      expect(award.stats!.sharePoints).toBeGreaterThanOrEqual(1);

      // The wall screen shows her without a reload.
      await screen.getByRole("main").getByText("Maya Chen").first().waitFor({ timeout: 60_000 });
      expect(await screen.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
      await screen.getByRole("region", { name: "Latest badges" }).getByText("Maya Chen").first().waitFor();
      await screen.screenshot({ path: `${ARTIFACTS}/meeting-mode-team.png` });
      await wall.close();
    },
  );
});
