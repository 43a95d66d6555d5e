import { describe, expect, it } from "vitest";
import { ARTIFACTS, newContext, signIn, useAppAndBrowser } from "./harness";

describe("pack journey (Chromium)", () => {
  const env = useAppAndBrowser();

  it(
    "a marketer builds a pack of six items, a second marketer approves, it is published to two teams, and only their reps find it",
    { timeout: 180_000 },
    async () => {
      const mia = await newContext(env.browser);
      const page = await mia.newPage();
      await signIn(page, env.app.url, "mia.marketing@northwind.example");
      await page.goto(`${env.app.url}/studio/packs/new`);
      await page.getByLabel("Title").fill("Kestrel launch pack");
      await page.getByLabel("Description").fill("Six posts for the Kestrel launch week");
      await page.getByLabel("Enterprise Sales").check();
      await page.getByLabel("Mid-Market Sales").check();
      await page.getByRole("button", { name: "Create pack" }).click();
      await page.waitForURL(/\/studio\/packs\/[0-9a-f-]{36}$/);
      const packUrl = page.url();

      for (let n = 1; n <= 6; n++) {
        await page.getByRole("link", { name: "New item in this pack" }).click();
        await page.getByLabel("URL", { exact: true }).fill(`https://www.northwind.example/kestrel-launch-${n}`);
        if (n === 1) {
          // The page's Open Graph tags propose the title, summary and image.
          await page.getByRole("button", { name: "Read the page" }).click();
          await page.getByRole("status").filter({ hasText: "Filled the title, summary, image" }).waitFor();
          expect(await page.getByLabel("Title").inputValue()).toBe("Kestrel launch 1 & more");
        } else {
          await page.getByLabel("Title").fill(`Kestrel launch ${n}: what changes for operators`);
        }
        await page
          .getByLabel("LinkedIn messages")
          .fill(`Kestrel part ${n} is out; here is why it matters\n---\nMy take on Kestrel part ${n}`);
        await page.getByLabel("X messages").fill(`Kestrel part ${n} https://www.northwind.example/kestrel`);
        await page.getByLabel("Facebook messages").fill(`Proud of Kestrel part ${n}`);
        await page.getByRole("button", { name: "Create item" }).click();
        await page.getByRole("status").filter({ hasText: "Item created and added to the pack." }).waitFor();
      }
      const items = page.getByRole("list", { name: "Items in this pack" }).getByRole("listitem");
      expect(await items.count()).toBe(6);
      expect(await page.getByRole("button", { name: "Publish pack" }).isDisabled()).toBe(true);

      // Reorder with the keyboard-friendly buttons: the first item moves down one place.
      const first = (await items.first().getByRole("link").first().textContent())!;
      await page.getByRole("button", { name: `Move ${first} down` }).click();
      await page.getByRole("status").filter({ hasText: "Item moved down." }).waitFor();
      await items.nth(1).getByRole("link", { name: first, exact: true }).waitFor();

      await page.getByRole("button", { name: "Send 6 drafts to review" }).click();
      await page.getByRole("status").filter({ hasText: "6 items sent to review." }).waitFor();
      expect(await page.getByRole("button", { name: /Approve/ }).count()).toBe(0);
      await page.screenshot({ path: `${ARTIFACTS}/pack-editor.png`, fullPage: true });
      await mia.close();

      const marco = await newContext(env.browser);
      const p2 = await marco.newPage();
      await signIn(p2, env.app.url, "marco.marketing@northwind.example");
      await p2.goto(packUrl);
      await p2.getByRole("button", { name: "Approve 6 items" }).click();
      await p2.getByRole("status").filter({ hasText: "6 items approved." }).waitFor();
      await p2.getByRole("button", { name: "Publish pack" }).click();
      await p2.getByRole("status").filter({ hasText: "Pack published" }).waitFor();
      await marco.close();

      // Rita is in Enterprise Sales, a target team: search finds all six, and the pack is on her home.
      const rita = await newContext(env.browser);
      const p3 = await rita.newPage();
      await signIn(p3, env.app.url, "rita.rep@northwind.example");
      await p3.goto(`${env.app.url}/library?q=kestrel`);
      expect(await p3.getByRole("list", { name: "Content items" }).getByRole("listitem").count()).toBe(6);
      await p3.goto(`${env.app.url}/library`);
      await p3
        .getByRole("list", { name: "Packs for your team" })
        .getByRole("link", { name: "Kestrel launch pack" })
        .waitFor();
      await p3.screenshot({ path: `${ARTIFACTS}/library-home.png`, fullPage: true });
      await rita.close();

      // Lena is in Customer Success, not targeted: the same search finds nothing.
      const lena = await newContext(env.browser);
      const p4 = await lena.newPage();
      await signIn(p4, env.app.url, "lena.novak@northwind.example");
      await p4.goto(`${env.app.url}/library?q=kestrel`);
      await p4.getByText("Nothing matches").waitFor();
      expect(await p4.getByRole("list", { name: "Content items" }).count()).toBe(0);
      await p4.goto(`${env.app.url}/library`);
      expect(await p4.getByRole("link", { name: "Kestrel launch pack" }).count()).toBe(0);
      await lena.close();
    },
  );
});
