import { describe, expect, it } from "vitest";
import { ARTIFACTS, DEMO_LOGINS, holdScripts, newContext, signIn, useAppAndBrowser } from "./harness";
import type { Page } from "playwright-core";

describe("signing in (Chromium)", () => {
  const env = useAppAndBrowser();

  it("a demo rep signs in with the form and lands on the library", async () => {
    const context = await newContext(env.browser);
    const page = await context.newPage();
    const rep = DEMO_LOGINS.users.find((u) => u.role === "rep")!;
    await signIn(page, env.app.url, rep.email);
    expect(new URL(page.url()).pathname).toBe("/library");
    await page.getByRole("heading", { name: "Library", level: 1 }).waitFor();
    expect(await page.getByRole("list", { name: "Content items" }).getByRole("listitem").count()).toBeGreaterThan(5);
    await expect(
      page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).count(),
    ).resolves.toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}/library-rep.png` });
    await context.close();
  });

  it("sign-up keeps the time zone picked before the page's scripts ran, instead of the browser's", async () => {
    const context = await newContext(env.browser); // the browser says Europe/London
    const page = await context.newPage();
    const hydrate = await holdScripts(page);
    await page.goto(`${env.app.url}/signup`, { waitUntil: "commit" });
    await page.getByLabel("Time zone").selectOption("Asia/Tokyo");
    await hydrate();
    await page.getByLabel("Full name").waitFor();
    expect(await page.getByLabel("Time zone").inputValue()).toBe("Asia/Tokyo");
    await context.close();
  });

  it("a wrong password shows a message beside the form and stays on sign-in", async () => {
    const context = await newContext(env.browser);
    const page = await context.newPage();
    await page.goto(`${env.app.url}/login`);
    await page.getByLabel("Work e-mail").fill(DEMO_LOGINS.users[0].email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toContain("E-mail or password is incorrect");
    expect(new URL(page.url()).pathname).toBe("/login");
    await context.close();
  });

  it("signs in with LinkedIn through the mocked consent screen", async () => {
    const context = await newContext(env.browser);
    const page = await context.newPage();
    await page.goto(`${env.app.url}/login`);
    await page.getByRole("link", { name: "Sign in with LinkedIn" }).click();
    // The stand-in says what it is and suggests no one's address.
    await page.getByText("This is not LinkedIn").waitFor();
    expect(await page.getByLabel("LinkedIn e-mail").inputValue()).toBe("");
    await page.getByLabel("LinkedIn e-mail").fill("new.person@northwind.example");
    await page.getByRole("button", { name: "Allow" }).click();
    await page.waitForURL((u) => u.pathname === "/library");
    expect(await page.getByRole("navigation", { name: "Main" }).textContent()).toContain("Library");
    await context.close();
  });

  it("an admin's LinkedIn is linked only after the admin's password, then LinkedIn alone signs in", async () => {
    const admin = DEMO_LOGINS.users.find((u) => u.role === "admin")!;
    const linkedIn = async (page: Page) => {
      await page.goto(`${env.app.url}/login`);
      await page.getByRole("link", { name: "Sign in with LinkedIn" }).click();
      await page.getByLabel("LinkedIn e-mail").fill(admin.email);
      await page.getByRole("button", { name: "Allow" }).click();
    };
    const context = await newContext(env.browser);
    const page = await context.newPage();
    await linkedIn(page);
    await page.getByText("Enter your Chorus password once to link LinkedIn").waitFor();
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(await page.getByLabel("Work e-mail").inputValue()).toBe(admin.email);
    await page.getByLabel("Password").fill(DEMO_LOGINS.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => u.pathname === "/library");
    await context.close();

    const later = await newContext(env.browser);
    const again = await later.newPage();
    await linkedIn(again);
    await again.waitForURL((u) => u.pathname === "/library");
    await later.close();
  });

  it("serves /healthz and refuses a cross-site POST", async () => {
    const health = await fetch(`${env.app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", db: "up" });
    expect(health.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    const forged = await fetch(`${env.app.url}/login`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=a@b.c&password=x",
      redirect: "manual",
    });
    expect(forged.status).toBe(403);
  });
});
