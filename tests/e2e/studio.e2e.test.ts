import { describe, expect, it } from "vitest";
import { ARTIFACTS, newContext, signIn, useAppAndBrowser } from "./harness";

describe("studio journey (Chromium)", () => {
  const env = useAppAndBrowser();

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
    expect(await page.getByTestId("count-x").textContent()).toContain("#1: 41/280");
    await page.getByLabel("LinkedIn messages").fill("Proud to share Zephyrine");
    await page.getByRole("button", { name: "Create item" }).click();
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
});
