import { describe, expect, it } from "vitest";
import { ARTIFACTS, newContext, signIn, useAppAndBrowser } from "./harness";

const SIZES = [
  { name: "desktop", viewport: { width: 1366, height: 768 }, isMobile: false },
  { name: "phone", viewport: { width: 390, height: 844 }, isMobile: true },
] as const;

describe("studio journey (Chromium)", () => {
  const env = useAppAndBrowser({ TZ: "Europe/Berlin" });

  it("a marketer writes an item with per-network messages, a second marketer approves, it is published and a rep finds it", async () => {
    const context = await newContext(env.browser);
    const page = await context.newPage();
    await signIn(page, env.app.url, "mia.marketing@northwind.example");
    await page.goto(`${env.app.url}/studio/items/new`);
    await page.getByLabel("Title").fill("Zephyrine <script>alert(1)</script> launch");
    await page.getByLabel("Summary").fill("Our new observability suite");
    await page.getByLabel("URL", { exact: true }).fill("https://www.northwind.example/zephyrine");
    await page.getByLabel("Tags").fill("launch, observability");
    await page
      .getByLabel("X messages")
      .fill(
        "Zephyrine is live https://www.northwind.example/a-very-long-path-that-still-counts-as-23\n---\nMeet Zephyrine",
      );
    // Counted by the page's script: typed before hydration, the count follows once it has hydrated.
    await expect.poll(() => page.getByTestId("count-x").textContent()).toContain("#1: 41/280");
    await page.getByLabel("LinkedIn messages").fill("Proud to share Zephyrine");
    await page.getByRole("button", { name: "Create item" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: "Created “Zephyrine <script>alert(1)</script> launch”." })
      .waitFor();
    await page.getByRole("button", { name: "Send to review" }).click();
    await page.getByRole("status").filter({ hasText: "Moved to in review" }).waitFor();
    expect(await page.getByRole("button", { name: "Approve" }).count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}/studio-editor.png`, fullPage: true });
    const itemUrl = page.url();
    await context.close();

    const marco = await newContext(env.browser);
    const p2 = await marco.newPage();
    await signIn(p2, env.app.url, "marco.marketing@northwind.example");
    await p2.goto(itemUrl);
    await p2.getByRole("button", { name: "Approve" }).click();
    await p2.getByRole("button", { name: "Publish" }).click();
    await p2.getByRole("status").filter({ hasText: "Moved to published" }).waitFor();
    await marco.close();

    const rep = await newContext(env.browser);
    const p3 = await rep.newPage();
    await signIn(p3, env.app.url, "rita.rep@northwind.example");
    await p3.goto(`${env.app.url}/library?q=zephyrine`);
    const results = p3.getByRole("list", { name: "Content items" }).getByRole("listitem");
    expect(await results.count()).toBe(1);
    expect(await results.first().textContent()).toContain("Zephyrine <script>alert(1)</script> launch");
    await results
      .first()
      .getByRole("link", { name: /Zephyrine/ })
      .first()
      .click();
    await p3.getByRole("region", { name: "X preview" }).waitFor();
    await p3.screenshot({ path: `${ARTIFACTS}/item-page.png`, fullPage: true });
    await rep.close();
  });

  for (const size of SIZES) {
    it(
      `${size.name}: a change to a live item is shown side by side to the reviewer, who approves it after opening it`,
      { timeout: 120_000 },
      async () => {
        const open = async (email: string) => {
          const context = await env.browser.newContext({
            viewport: size.viewport,
            isMobile: size.isMobile,
            hasTouch: size.isMobile,
            timezoneId: "Europe/London",
          });
          context.setDefaultTimeout(20_000);
          const page = await context.newPage();
          await signIn(page, env.app.url, email);
          return { context, page };
        };
        const mia = await open("mia.marketing@northwind.example");
        await mia.page.goto(`${env.app.url}/studio?status=published`);
        const link = mia.page
          .getByRole("table")
          .getByRole("link")
          .nth(size.name === "desktop" ? 2 : 3);
        const oldTitle = (await link.textContent())!;
        await link.click();
        await mia.page.waitForURL(/\/studio\/items\/[0-9a-f-]{36}$/);
        const itemUrl = mia.page.url();
        const newTitle = `${oldTitle} (updated ${size.name})`;
        await mia.page.getByLabel("Title").fill(newTitle);
        await mia.page.getByRole("button", { name: "Save changes" }).click();
        await mia.page.getByRole("status").filter({ hasText: "wait for another marketer's review" }).waitFor();
        await mia.context.close();

        const marco = await open("marco.marketing@northwind.example");
        await marco.page.goto(itemUrl);
        const diff = marco.page.getByRole("group", { name: "Changed fields, approved and proposed" });
        const title = diff.getByRole("region", { name: "Title changed" });
        await title.waitFor();
        // The approved text beside the proposed one; what was added is marked in text, not by colour alone.
        expect(await title.textContent()).toContain(`Approved (reps see this)${oldTitle}`);
        expect((await title.locator("ins").textContent())?.replace(/\s+/g, " ")).toBe(
          `[added: (updated ${size.name})]`,
        );
        const [approved, proposed] = await title.locator(".revision-diff-columns > div").all();
        const [a, b] = [(await approved!.boundingBox())!, (await proposed!.boundingBox())!];
        if (size.isMobile)
          expect(b.y).toBeGreaterThanOrEqual(a.y + a.height); // stacked on a phone
        else expect(b.x).toBeGreaterThanOrEqual(a.x + a.width); // side by side on a desktop
        await marco.page.screenshot({ path: `${ARTIFACTS}/revision-diff-${size.name}.png`, fullPage: true });
        await marco.page.getByRole("button", { name: "Approve changes" }).click();
        await marco.page.getByRole("status").filter({ hasText: "Changes approved" }).waitFor();
        await marco.page.getByRole("heading", { level: 1, name: newTitle }).waitFor();
        await marco.context.close();
      },
    );
  }
});
