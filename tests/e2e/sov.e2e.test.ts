import { describe, expect, it } from "vitest";
import { ARTIFACTS, DEMO_LOGINS, hydrated, newContext, signIn, useAppAndBrowser } from "./harness";
import type { Page } from "playwright-core";

const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86400_000).toISOString().slice(0, 10);

/** The competitor's total and the own SOV from the footer of the mentions table. */
async function readTotals(page: Page) {
  const headers = await page
    .getByRole("table", { name: /Mentions and share of voice/ })
    .locator("thead th")
    .allTextContents();
  const footer = await page
    .getByRole("table", { name: /Mentions and share of voice/ })
    .locator("tfoot")
    .locator("th, td")
    .allTextContents();
  const contoso = headers.findIndex((h) => h.includes("Contoso Ops"));
  const sovIdx = headers.findIndex((h) => h.trim() === "SOV");
  return {
    contoso: Number(footer[contoso]!.trim().split(/\s+/)[0]!.replace(/,/g, "")),
    sov: footer[sovIdx]!.trim(),
    kpi: (await page.getByTestId("sov-total").textContent())!.trim(),
  };
}

describe("share of voice (Chromium)", () => {
  const env = useAppAndBrowser();

  it("a marketer imports a competitor CSV and sees the SOV chart and table change", async () => {
    const context = await newContext(env.browser);
    const page = await context.newPage();
    const marketer = DEMO_LOGINS.users.find((u) => u.email.startsWith("mia."))!;
    await signIn(page, env.app.url, marketer.email);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Share of voice" }).click();
    await page.getByRole("heading", { name: "Share of voice", level: 1 }).waitFor();
    await page.locator('.sov-chart[data-ready="true"] .recharts-line').first().waitFor();
    const before = await readTotals(page);
    expect(before.contoso).toBeGreaterThan(0);
    expect(before.sov).toBe(before.kpi);

    await page.getByRole("link", { name: "Import mentions" }).click();
    await page.getByRole("heading", { name: "Import mentions", level: 1 }).waitFor();
    const good = Array.from(
      { length: 300 },
      (_, i) =>
        `${day(1 + (i % 20))},x,@rival${i},https://listening.example/e2e/${i},Contoso Ops rolls out something new #${i},`,
    );
    const csv = [
      "date,network,author,url,text,brand",
      ...good,
      "someday,x,@bad,https://listening.example/bad,Contoso,",
      `${day(2)},linkedin,@nobody,,no brand here,`,
    ].join("\n");
    await page
      .getByLabel("CSV file")
      .setInputFiles({ name: "competitor-export.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Import" }).click();
    const status = page.getByRole("status").filter({ hasText: "Imported" });
    await status.waitFor();
    expect(await status.textContent()).toContain("Imported 300 of 302 rows");
    const errors = page.getByRole("table", { name: /Rows not imported/ });
    expect(await errors.locator("tbody tr").count()).toBe(2);
    expect(await errors.locator("tbody tr").first().textContent()).toContain("302");
    await page.screenshot({ path: `${ARTIFACTS}/sov-import.png`, fullPage: true });

    await status.getByRole("link", { name: "See share of voice" }).click();
    await page.getByRole("heading", { name: "Share of voice", level: 1 }).waitFor();
    await page.locator('.sov-chart[data-ready="true"] .recharts-line').first().waitFor();
    const after = await readTotals(page);
    expect(after.contoso).toBe(before.contoso + 300);
    expect(parseFloat(after.sov)).toBeLessThan(parseFloat(before.sov));
    expect(await page.locator(".sov-chart .recharts-line").count()).toBe(4);
    expect(await page.getByRole("img", { name: /Share of voice per week/ }).getAttribute("aria-label")).toContain(
      after.sov,
    );
    await page.screenshot({ path: `${ARTIFACTS}/sov-after-import.png`, fullPage: true });

    // The same file again adds nothing.
    await page.goto(`${env.app.url}/sov/import`);
    await hydrated(page); // the upload streams the file from the page's script
    await page
      .getByLabel("CSV file")
      .setInputFiles({ name: "competitor-export.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Import" }).click();
    await page.getByRole("status").filter({ hasText: "Imported" }).waitFor();
    expect(await page.getByRole("status").filter({ hasText: "Imported" }).textContent()).toContain(
      "Imported 0 of 302 rows; 300 already imported",
    );
    await context.close();
  });

  it("analytics, brands and admin screens render for their roles", async () => {
    const context = await newContext(env.browser);
    const page = await context.newPage();
    await signIn(page, env.app.url, DEMO_LOGINS.users.find((u) => u.role === "manager")!.email);
    await page.goto(`${env.app.url}/analytics`);
    await page.getByRole("heading", { name: "Analytics", level: 1 }).waitFor();
    expect(await page.getByRole("combobox", { name: "Team", exact: true }).count()).toBe(0);
    expect(await page.getByRole("combobox", { name: "Network", exact: true }).count()).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}/analytics-manager.png`, fullPage: true });
    await context.close();

    const adminContext = await newContext(env.browser);
    const admin = await adminContext.newPage();
    await signIn(admin, env.app.url, DEMO_LOGINS.users.find((u) => u.role === "admin")!.email);
    await admin.goto(`${env.app.url}/admin/jobs`);
    await admin.getByRole("heading", { name: /^tally/ }).waitFor();
    expect(await admin.getByRole("table", { name: "Last runs of tally" }).locator("tbody tr").count()).toBeGreaterThan(
      0,
    );
    await admin.screenshot({ path: `${ARTIFACTS}/admin-jobs.png`, fullPage: true });
    await admin.goto(`${env.app.url}/brands`);
    await admin.getByRole("heading", { name: "Brands", level: 1 }).waitFor();
    await admin.screenshot({ path: `${ARTIFACTS}/brands.png`, fullPage: true });
    await admin.goto(`${env.app.url}/me`);
    await admin.getByRole("heading", { name: "Advocate score" }).waitFor();
    await admin.screenshot({ path: `${ARTIFACTS}/me-advocate-score.png`, fullPage: true });

    await admin.goto(`${env.app.url}/admin/tokens`);
    await admin.getByLabel("Token name").fill("Brandwatch");
    await admin.getByRole("button", { name: "Create token" }).click();
    const token = (await admin.locator(".token-value").textContent())!.trim();
    expect(token).toMatch(/^chorus_/);
    const api = await fetch(`${env.app.url}/api/mentions`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${token}`,
        "Content-Type": "application/json",
        Origin: "https://listener.example",
      },
      body: JSON.stringify({
        mentions: [{ date: "2026-01-05", network: "x", text: "Contoso outage", url: "https://x.example/e2e" }],
      }),
    });
    expect(api.status).toBe(200);
    expect(await api.json()).toMatchObject({ imported: 1 });
    await admin.getByRole("button", { name: "Revoke Brandwatch" }).click();
    await admin.getByText(/^Revoked/).waitFor();
    const refused = await fetch(`${env.app.url}/api/mentions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: "{}",
    });
    expect(refused.status).toBe(401);

    await admin.goto(`${env.app.url}/admin/analytics`);
    await admin.getByLabel("LinkedIn CPC ($ per click)").fill("-1");
    await admin.getByRole("button", { name: "Save rates" }).click();
    await admin.getByRole("alert").filter({ hasText: "Must be 0 or more" }).waitFor();
    await admin.getByLabel("LinkedIn CPC ($ per click)").fill("7.5");
    await admin.getByRole("button", { name: "Save rates" }).click();
    await admin.getByRole("status").filter({ hasText: "Rates saved" }).waitFor();
    await adminContext.close();
  });
});
