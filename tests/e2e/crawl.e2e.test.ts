import { describe, expect, it } from "vitest";
import { DEMO_LOGINS, newContext, signIn, useAppAndBrowser } from "./harness";
import type { Browser, Page } from "playwright-core";

/**
 * Every page a signed-in person can reach, in Chromium, for each demo role: the sidebar's pages and the detail
 * pages they link to, found breadth-first from same-origin links. Each is loaded at desktop size, and one page
 * of each route again at phone size. Any 5xx answer (page, data or asset), console error or uncaught page error fails the crawl.
 * Runs on whichever engine the suite runs on (CI runs it on both).
 */
const env = useAppAndBrowser();

const VIEWPORTS = { desktop: { width: 1366, height: 900 }, phone: { width: 390, height: 844 } } as const;
const MAX_PAGES_PER_ROLE = 45;
/** Pages of one shape (ids replaced): enough to meet each detail page, not every item in the library. */
const MAX_PER_SHAPE = 2;

/** Links a crawler must not follow: leaving the session, OAuth and third-party hops, downloads, tracked links. */
const SKIP = [
  /^\/logout/,
  /^\/l\//,
  /^\/auth\//,
  /^\/connect\//,
  /^\/api\//,
  /export/,
  /^\/leaderboard\/data/,
  /^\/studio\/open-graph/,
  /^\/mentions\/import/,
  /[?&](format|download)=/,
  /\/(delete|remove|revoke|archive|cancel)(\/|$|\?)/,
];

const shapeOf = (pathname: string) =>
  pathname
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ":id")
    .replace(/\/\d+(?=\/|$)/g, "/:n");

/** How long no request may be open before a page counts as settled. */
const QUIET_MS = 150;

interface Problem {
  role: string;
  viewport: string;
  url: string;
  problem: string;
}

/** Loads one page and reports every 5xx, console error and uncaught error it caused. */
async function visit(page: Page, url: string, report: (problem: string) => void): Promise<void> {
  const onResponse = (response: { status(): number; url(): string }) => {
    if (response.status() >= 500) report(`${response.status()} from ${response.url()}`);
  };
  const onConsole = (message: { type(): string; text(): string }) => {
    if (message.type() === "error") report(`console error: ${message.text()}`);
  };
  const onPageError = (error: Error) => report(`uncaught: ${error.message}`);
  let inFlight = 0;
  const started = () => inFlight++;
  const ended = () => inFlight--;
  page.on("response", onResponse);
  page.on("console", onConsole);
  page.on("pageerror", onPageError);
  page.on("request", started);
  page.on("requestfinished", ended);
  page.on("requestfailed", ended);
  try {
    const response = await page.goto(url, { waitUntil: "load" });
    if (!response) report("no response");
    // Hydration and client-side data requests finish after load: wait until the app has hydrated (Remix's
    // router exists) and no request has been open for QUIET_MS, so they have had their moment to fail.
    // (Playwright's "networkidle" waits 500 ms of quiet on every page; this is the same check, shorter.)
    await page.waitForFunction(() => "__remixRouter" in window, null, { timeout: 5_000 }).catch(() => undefined);
    const deadline = Date.now() + 2_500;
    let quietSince = Date.now();
    while (Date.now() < deadline) {
      await page.waitForTimeout(25);
      if (inFlight > 0) quietSince = Date.now();
      else if (Date.now() - quietSince >= QUIET_MS) break;
    }
  } catch (error) {
    report(`navigation failed: ${(error as Error).message.split("\n")[0]}`);
  } finally {
    page.off("response", onResponse);
    page.off("console", onConsole);
    page.off("pageerror", onPageError);
    page.off("request", started);
    page.off("requestfinished", ended);
    page.off("requestfailed", ended);
  }
}

async function sameOriginLinks(page: Page, origin: string): Promise<string[]> {
  const hrefs = await page.$$eval("a[href]:not([download]):not([target=_blank])", (links) =>
    links.map((a) => (a as HTMLAnchorElement).href),
  );
  const out: string[] = [];
  for (const href of hrefs) {
    const url = new URL(href);
    if (url.origin !== origin) continue;
    url.hash = "";
    const path = `${url.pathname}${url.search}`;
    if (!SKIP.some((rule) => rule.test(path))) out.push(url.toString());
  }
  return out;
}

async function crawl(
  browser: Browser,
  baseUrl: string,
  role: string,
  email: string,
): Promise<{ visited: string[]; problems: Problem[] }> {
  const problems: Problem[] = [];
  const origin = new URL(baseUrl).origin;
  const desktop = await newContext(browser, VIEWPORTS.desktop);
  const page = await desktop.newPage();
  await signIn(page, baseUrl, email);
  const queue = [page.url()];
  const seen = new Set(queue);
  const shapes = new Map<string, number>();
  const visited: string[] = [];
  while (queue.length && visited.length < MAX_PAGES_PER_ROLE) {
    const url = queue.shift()!;
    const shape = shapeOf(new URL(url).pathname);
    if ((shapes.get(shape) ?? 0) >= MAX_PER_SHAPE) continue;
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
    visited.push(url);
    await visit(page, url, (problem) => problems.push({ role, viewport: "desktop", url, problem }));
    for (const link of await sameOriginLinks(page, origin)) {
      if (!seen.has(link)) {
        seen.add(link);
        queue.push(link);
      }
    }
  }
  await desktop.close();
  // One page of each shape again at phone size: the layout (sidebar, tables) is the route's, the data is the same.
  const phone = await newContext(browser, VIEWPORTS.phone);
  const phonePage = await phone.newPage();
  await signIn(phonePage, baseUrl, email);
  const phoneShapes = new Set<string>();
  for (const url of visited) {
    const shape = shapeOf(new URL(url).pathname);
    if (phoneShapes.has(shape)) continue;
    phoneShapes.add(shape);
    phoneVisits++;
    await visit(phonePage, url, (problem) => problems.push({ role, viewport: "phone", url, problem }));
  }
  await phone.close();
  return { visited, problems };
}

const ROLES = [...new Map(DEMO_LOGINS.users.map((u) => [u.role, u.email])).entries()];
let total = 0;
let phoneVisits = 0;

describe("page crawl", () => {
  it.each(ROLES)(
    "every page a %s can reach loads without a 5xx, console error or page error, on desktop and phone",
    async (role, email) => {
      const before = phoneVisits;
      const { visited, problems } = await crawl(env.browser, env.app.url, role, email);
      total += visited.length;
      console.log(
        `crawl as ${role}: ${visited.length} pages at desktop size, then ${phoneVisits - before} of them (one per route) at phone size (${total + phoneVisits} page loads so far)\n  ${visited.map((u) => new URL(u).pathname + new URL(u).search).join("\n  ")}`,
      );
      expect(visited.length).toBeGreaterThan(5);
      expect(problems).toEqual([]);
    },
    900_000,
  );
});
