import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { DEMO_LOGINS, newContext, signIn, useAppAndBrowser } from "./harness";
import type AxeCore from "axe-core";
import type { Browser, Page } from "playwright-core";

/**
 * Every page a signed-in person can reach, in Chromium, for each demo role: the sidebar's pages and the detail
 * pages they link to, found breadth-first from same-origin links. Each is loaded at desktop size and again at
 * phone size (390×844, a touch screen). Any 5xx answer (page, data or asset), console
 * error or uncaught page error fails the crawl, and so does, on every page it loads (decision 016):
 * - an axe-core violation of impact "serious" or "critical" (WCAG 2.x A/AA and axe's best practices), on every
 *   page at desktop size and on one page per route at phone size;
 * - not exactly one h1, or (in the signed-in shell) a first focusable element other than the "Skip to content" link;
 * - at phone size, a page wider than the screen at 390 or 360 px (it would scroll sideways); the culprits are named.
 * Runs on whichever engine the suite runs on (CI runs it on both).
 */
const env = useAppAndBrowser();

const VIEWPORTS = { desktop: { width: 1366, height: 900 }, phone: { width: 390, height: 844 } } as const;
/**
 * axe-core's own (minified: half the bytes to parse on every page) build, evaluated in each page after it settled:
 * the app's CSP forbids an injected <script>, and DevTools' evaluation is not subject to it.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
/** The rule sets the crawl runs: WCAG 2.0/2.1/2.2 levels A and AA, and axe's best practices. */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
const NARROWEST_PHONE = 360;
const FAILING_IMPACTS = new Set(["serious", "critical"]);
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

/** Axe's violations of the less severe impacts, counted by rule: printed, not failed on. */
const minorViolations = new Map<string, number>();
let axeMs = 0;

/** The page's structure (one h1, the skip link first), its width on a phone, and axe-core's verdict. */
async function checkPage(
  page: Page,
  viewport: keyof typeof VIEWPORTS,
  runAxe: boolean,
  report: (problem: string) => void,
) {
  const { h1s, firstFocusable, shell } = await page.evaluate(() => {
    const focusable = document.querySelector<HTMLElement>(
      "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, textarea, [tabindex]:not([tabindex='-1'])",
    );
    return {
      h1s: document.querySelectorAll("h1").length,
      shell: document.querySelector("nav[aria-label=Main]") !== null,
      firstFocusable: focusable
        ? `${focusable.tagName.toLowerCase()} "${focusable.textContent?.trim() ?? ""}"`
        : "none",
    };
  });
  if (h1s !== 1) report(`${h1s} h1 elements (one per page)`);
  // Inside the signed-in shell; meeting mode is a wall screen without navigation.
  if (shell && firstFocusable !== 'a "Skip to content"')
    report(`first focusable element is ${firstFocusable}, not the skip link`);
  if (viewport === "phone") {
    // 390 px as loaded, then the narrowest phone the app supports (360 px), then back.
    for (const width of [VIEWPORTS.phone.width, NARROWEST_PHONE]) {
      if (width !== VIEWPORTS.phone.width) await page.setViewportSize({ ...VIEWPORTS.phone, width });
      const overflow = await sidewaysOverflow(page, width);
      if (overflow) report(overflow);
    }
    await page.setViewportSize(VIEWPORTS.phone);
  }
  if (!runAxe) return;
  const started = Date.now();
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: typeof AxeCore }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? "unknown",
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
      count: v.nodes.length,
    }));
  }, AXE_TAGS);
  axeMs += Date.now() - started;
  for (const v of violations) {
    if (FAILING_IMPACTS.has(v.impact))
      report(`axe ${v.impact} ${v.id} on ${v.count} element(s): ${v.targets.join(" | ")}`);
    else minorViolations.set(`${v.impact} ${v.id}`, (minorViolations.get(`${v.impact} ${v.id}`) ?? 0) + 1);
  }
}

/**
 * Whether the page scrolls sideways at this width, and if so which elements stick out: the outermost ones whose
 * right edge passes the screen's and that no scrolling or clipping box of their own contains.
 */
async function sidewaysOverflow(page: Page, width: number): Promise<string | undefined> {
  return page.evaluate((screenWidth) => {
    const pageWidth = document.documentElement.scrollWidth;
    if (pageWidth <= Math.min(screenWidth, window.innerWidth)) return undefined;
    const clipped = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== "visible") return true;
      }
      return false;
    };
    // Inside a scrolling box is fine, unless nothing else sticks out: then name what does, clipped or not.
    const inFixedBar = (el: Element) => {
      for (let p: Element | null = el; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).position === "fixed") return true;
      }
      return false;
    };
    // A fixed bar spans whatever width the page has: a consequence, never the cause.
    const outside = [...document.body.querySelectorAll("*")].filter(
      (el) => el.getBoundingClientRect().right > screenWidth + 0.5 && !inFixedBar(el),
    );
    const unclipped = outside.filter((el) => !clipped(el));
    const suspects = new Set(unclipped.length ? unclipped : outside);
    const sticksOut = (el: Element) => suspects.has(el);
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${[...el.classList].map((c) => `.${c}`).join("")}`;
    const right = (el: Element) => el.getBoundingClientRect().right;
    const culprits = [...suspects]
      .filter((el) => {
        if (!sticksOut(el)) return false;
        const parent = el.parentElement;
        return !parent || parent === document.body || !sticksOut(parent) || right(parent) < right(el);
      })
      .sort((a, b) => right(b) - right(a))
      .slice(0, 3)
      .map((el) => {
        const parent = el.parentElement && el.parentElement !== document.body ? `${describe(el.parentElement)} > ` : "";
        const text = (el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 30);
        return `${parent}${describe(el)} "${text}" (right edge ${Math.round(right(el))} px)`;
      });
    return `scrolls sideways: ${pageWidth} px wide at ${screenWidth} px; widest: ${culprits.join(", ") || "unknown"}`;
  }, width);
}

/** Loads one page and reports every 5xx, console error and uncaught error it caused, then checks it. */
async function visit(
  page: Page,
  url: string,
  viewport: keyof typeof VIEWPORTS,
  report: (problem: string) => void,
  runAxe = true,
): Promise<void> {
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
    await checkPage(page, viewport, runAxe, report);
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
    await visit(page, url, "desktop", (problem) => problems.push({ role, viewport: "desktop", url, problem }));
    for (const link of await sameOriginLinks(page, origin)) {
      if (!seen.has(link)) {
        seen.add(link);
        queue.push(link);
      }
    }
  }
  await desktop.close();
  // Every page again on a phone: the layout must fit the screen whatever the data in it.
  const phone = await browser.newContext({
    viewport: VIEWPORTS.phone,
    isMobile: true,
    hasTouch: true,
    timezoneId: "Europe/London",
  });
  const phonePage = await phone.newPage();
  await signIn(phonePage, baseUrl, email);
  // axe once per route at this size: the markup is the route's; what differs between two items is data.
  const axeShapes = new Set<string>();
  for (const url of visited) {
    phoneVisits++;
    const shape = shapeOf(new URL(url).pathname);
    const runAxe = !axeShapes.has(shape);
    axeShapes.add(shape);
    const report = (problem: string) => problems.push({ role, viewport: "phone", url, problem });
    await visit(phonePage, url, "phone", report, runAxe);
  }
  await phone.close();
  return { visited, problems };
}

const ROLES = [...new Map(DEMO_LOGINS.users.map((u) => [u.role, u.email])).entries()];
let total = 0;
let phoneVisits = 0;

describe("page crawl", () => {
  it.each(ROLES)(
    "every page a %s can reach loads without a 5xx or console error, fits a phone and passes axe, on desktop and phone",
    async (role, email) => {
      const before = phoneVisits;
      const { visited, problems } = await crawl(env.browser, env.app.url, role, email);
      total += visited.length;
      console.log(
        `crawl as ${role}: ${visited.length} pages at desktop size, then ${phoneVisits - before} at phone size (${total + phoneVisits} page loads so far, ${Math.round(axeMs / 1000)} s of them in axe)\n  ${visited.map((u) => new URL(u).pathname + new URL(u).search).join("\n  ")}`,
      );
      if (minorViolations.size)
        console.log(
          `axe, moderate and minor (not failed on), pages by rule so far: ${JSON.stringify(Object.fromEntries(minorViolations))}`,
        );
      for (const p of problems)
        console.log(`${p.viewport} ${new URL(p.url).pathname}${new URL(p.url).search}: ${p.problem}`);
      expect(visited.length).toBeGreaterThan(5);
      expect(problems).toEqual([]);
    },
    900_000,
  );
});
