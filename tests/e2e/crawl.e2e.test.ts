import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEMO_LOGINS, newContext, signIn, useAppAndBrowser } from "./harness";
import type AxeCore from "axe-core";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";

/**
 * Every page a signed-in person can reach, in Chromium, for each demo role: the sidebar's pages and the detail
 * pages they link to, found breadth-first from same-origin links; and the pages outside the signed-in shell
 * (sign-in, sign-up, the mock consent pages, the offline page, the share-target landing). Each is loaded at
 * desktop size (1366×768, the issue's) and again at phone size (390×844, a touch screen). Any 5xx answer (page,
 * data or asset), console error or uncaught page error fails the crawl, and so does, on every page it loads at
 * either size (decision 016):
 * - an axe-core violation of impact "serious" or "critical" (WCAG 2.x A/AA and axe's best practices);
 * - not exactly one h1, or (in the signed-in shell) a first focusable element other than the "Skip to content" link;
 * - a page wider than the screen (it would scroll sideways): at 1366 px, and on a phone at 390 and 360 px; the
 *   culprits are named;
 * - on a phone, a button, tab, drop-down, disclosure or navigation link smaller than 40 px to tap, or a top bar
 *   taller than its one row.
 * Each role must reach every page route `PAGE_ROUTES` names for it, and that table must name every page route in
 * app/routes: a route the crawl no longer reaches fails it by name.
 * Runs on whichever engine the suite runs on (CI runs it on both).
 */
const env = useAppAndBrowser();

const VIEWPORTS = { desktop: { width: 1366, height: 768 }, phone: { width: 390, height: 844 } } as const;
/**
 * axe-core's own (minified: half the bytes to parse on every page) build, evaluated in each page after it settled:
 * the app's CSP forbids an injected <script>, and DevTools' evaluation is not subject to it.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
/** The rule sets the crawl runs: WCAG 2.0/2.1/2.2 levels A and AA, and axe's best practices. */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
const NARROWEST_PHONE = 360;
const FAILING_IMPACTS = new Set(["serious", "critical"]);
/**
 * A guard against endless paging, well above what any role reaches (the admin, the most, 50 pages today). Pages of
 * a route not yet visited go first, and the coverage check names any required route the crawl did not reach.
 */
const MAX_PAGES_PER_ROLE = 90;
/** Pages of one shape (ids replaced): enough to meet each detail page, not every item in the library. */
const MAX_PER_SHAPE = 2;

type Role = (typeof DEMO_LOGINS.users)[number]["role"];
const EVERYONE: readonly Role[] = ["admin", "marketer", "manager", "rep"];
const LEADS: readonly Role[] = ["admin", "marketer", "manager"];
const STAFF: readonly Role[] = ["admin", "marketer"];
const ADMIN: readonly Role[] = ["admin"];
/** Pages without the signed-in shell, loaded by the test of pages outside it rather than found by the crawl. */
const OUTSIDE = "outside the shell";

/**
 * Every page route of app/routes (a module with a default export that is no layout), by its path, and who the crawl
 * must see it as (the routes' guards: LEADS, STAFF and ADMIN in app/domain/guards.server.ts). Resource routes
 * (exports, data, api, logout, OAuth starts and callbacks, redirects) render no page and are not listed.
 */
const PAGE_ROUTES: Record<string, readonly Role[] | typeof OUTSIDE | { notCrawled: string }> = {
  "/library": EVERYONE,
  "/queue": EVERYONE,
  "/connections": EVERYONE,
  "/leaderboard": EVERYONE,
  "/me": EVERYONE,
  "/notifications": EVERYONE,
  "/challenges": EVERYONE,
  "/suggest": EVERYONE,
  "/guides/:slug": EVERYONE,
  "/policy": EVERYONE,
  "/items/:id": EVERYONE,
  "/share/:itemId": EVERYONE,
  "/challenges/new": LEADS,
  "/analytics": LEADS,
  "/leaderboard/meeting": LEADS,
  "/studio": STAFF,
  "/studio/items/:id": STAFF,
  "/studio/packs": STAFF,
  "/studio/packs/:id": STAFF,
  "/studio/pages": STAFF,
  "/studio/pages/:slug": STAFF,
  "/studio/suggestions": STAFF,
  "/sov": STAFF,
  "/sov/import": STAFF,
  "/brands": STAFF,
  "/admin/users": ADMIN,
  "/admin/teams": ADMIN,
  "/admin/domains": ADMIN,
  "/admin/audit": ADMIN,
  "/admin/jobs": ADMIN,
  "/admin/gamification": ADMIN,
  "/admin/tokens": ADMIN,
  "/admin/analytics": ADMIN,
  "/login": OUTSIDE,
  "/signup": OUTSIDE,
  "/auth/linkedin/mock": OUTSIDE,
  "/connect/:network/mock": OUTSIDE,
  "/connect/:network/page": {
    notCrawled:
      "shown only after Facebook's Graph API lists several Pages, which mock mode has none of (tests/sharing/connect-from-composer.test.ts)",
  },
};

/** The path Remix's flat routes give a route module's file name (`_app.challenges_.new.tsx` is /challenges/new). */
function routePathOf(file: string): string {
  const segments = file
    .replace(/\.tsx?$/, "")
    .split(".")
    .filter((segment) => segment !== "_index" && !segment.startsWith("_"))
    .map((segment) => segment.replace(/_$/, "").replace(/^\$/, ":"));
  return `/${segments.join("/")}`;
}

/** The page routes of app/routes: modules that render a page (a default export) and are not a layout (an Outlet). */
function pageRoutesInApp(): string[] {
  const dir = path.resolve(__dirname, "../../app/routes");
  return readdirSync(dir)
    .filter((file) => /\.tsx?$/.test(file))
    .filter((file) => {
      const source = readFileSync(path.join(dir, file), "utf8");
      return /^export default /m.test(source) && !/<Outlet\b/.test(source);
    })
    .map(routePathOf);
}

const routeMatchers = Object.keys(PAGE_ROUTES)
  .map((route) => ({
    route,
    params: (route.match(/:/g) ?? []).length,
    pattern: new RegExp(`^${route.replace(/:[^/]+/g, "[^/]+")}$`),
  }))
  // Remix prefers a static segment to a parameter: /studio/pages before /studio/:x, were there one.
  .sort((a, b) => a.params - b.params);

/** The page route (a key of PAGE_ROUTES) that serves a URL, or undefined if none does. */
function routeOf(url: string): string | undefined {
  const { pathname } = new URL(url);
  return routeMatchers.find((m) => m.pattern.test(pathname))?.route;
}

/** The page routes a role must reach in the crawl. */
const requiredRoutes = (role: Role) =>
  Object.entries(PAGE_ROUTES)
    .filter(([, who]) => Array.isArray(who) && who.includes(role))
    .map(([route]) => route);

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

/** The page's structure (one h1, the skip link first), its width at this size, and axe-core's verdict. */
async function checkPage(page: Page, viewport: keyof typeof VIEWPORTS, report: (problem: string) => void) {
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
    for (const problem of await phoneFit(page)) report(problem);
  } else {
    const overflow = await sidewaysOverflow(page, VIEWPORTS.desktop.width);
    if (overflow) report(overflow);
  }
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

/** Smallest side a control must have on a phone, in CSS px: a fingertip's (WCAG 2.5.5 asks 44, 2.5.8 at least 24). */
const MIN_TAP_PX = 40;
/** The phone's top bar at most this tall (its one row: logo and Menu) whatever the page below it. */
const MAX_TOP_BAR_PX = 72;

/**
 * What a phone user meets before reading anything: buttons, tabs and navigation links too small to tap (text links
 * inside sentences are exempt, as in WCAG), and a top bar stretched taller than its row (a short page once made the
 * shell's grid grow it by up to 120 px).
 */
async function phoneFit(page: Page): Promise<string[]> {
  return page.evaluate(
    ({ minTap, maxBar }) => {
      const problems: string[] = [];
      const bar = document.querySelector<HTMLElement>("aside.sidebar:not(.sidebar-open)");
      if (bar) {
        const height = Math.round(bar.getBoundingClientRect().height);
        if (height > maxBar) problems.push(`the top bar is ${height} px tall (at most ${maxBar})`);
      }
      const small: string[] = [];
      const controls = document.querySelectorAll<HTMLElement>(
        "button, [role=button], input[type=submit], input[type=button], select, summary, .button, .tabs a, .tabbar a, nav a",
      );
      for (const el of controls) {
        const box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        if (!box.width || !box.height || style.visibility === "hidden" || el.closest("[hidden], [aria-hidden=true]"))
          continue;
        if (el.classList.contains("skip-link")) continue; // off-screen until focused
        if (box.height < minTap - 0.5 || box.width < minTap - 0.5) {
          const name = (el.getAttribute("aria-label") ?? el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 30);
          small.push(`${el.tagName.toLowerCase()} "${name}" ${Math.round(box.width)}×${Math.round(box.height)}`);
        }
      }
      if (small.length)
        problems.push(`${small.length} control(s) smaller than ${minTap} px to tap: ${small.slice(0, 6).join(", ")}`);
      return problems;
    },
    { minTap: MIN_TAP_PX, maxBar: MAX_TOP_BAR_PX },
  );
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

/** Loads one page and reports every 5xx, console error and uncaught error it caused, then checks it; the URL it ended on. */
async function visit(
  page: Page,
  url: string,
  viewport: keyof typeof VIEWPORTS,
  report: (problem: string) => void,
): Promise<string> {
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
    // Hydration and client-side data requests finish after load: wait until the app has hydrated (root.tsx
    // marks <html data-hydrated>) and no request has been open for QUIET_MS, so they have had their moment to fail.
    // (Playwright's "networkidle" waits 500 ms of quiet on every page; this is the same check, shorter.)
    // (A page that is not the app's, like the offline page, has no Remix context and nothing to hydrate.)
    await page
      .waitForFunction(
        () => document.documentElement.dataset.hydrated === "true" || !("__remixContext" in window),
        null,
        { timeout: 5_000 },
      )
      .catch(() => undefined);
    const deadline = Date.now() + 2_500;
    let quietSince = Date.now();
    while (Date.now() < deadline) {
      await page.waitForTimeout(25);
      if (inFlight > 0) quietSince = Date.now();
      else if (Date.now() - quietSince >= QUIET_MS) break;
    }
    await checkPage(page, viewport, report);
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
  return page.url();
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

/** A phone as the crawl emulates it: 390×844, a touch screen, a phone's user agent and meta viewport. */
const phoneContext = (browser: Browser): Promise<BrowserContext> =>
  browser.newContext({ viewport: VIEWPORTS.phone, isMobile: true, hasTouch: true, timezoneId: "Europe/London" });

async function crawl(
  browser: Browser,
  baseUrl: string,
  role: Role,
  email: string,
): Promise<{ visited: string[]; problems: Problem[]; capped: boolean }> {
  const problems: Problem[] = [];
  const origin = new URL(baseUrl).origin;
  const desktop = await newContext(browser, VIEWPORTS.desktop);
  const page = await desktop.newPage();
  await signIn(page, baseUrl, email);
  const queue = [page.url()];
  const seen = new Set(queue);
  const shapes = new Map<string, number>();
  const visited: string[] = [];
  const reached = new Set<string | undefined>();
  while (queue.length && visited.length < MAX_PAGES_PER_ROLE) {
    // A page of a route not visited yet comes first: the cap never costs a route, only a second page of one.
    const fresh = queue.findIndex((u) => !reached.has(routeOf(u)));
    const [url] = queue.splice(Math.max(fresh, 0), 1) as [string];
    const shape = shapeOf(new URL(url).pathname);
    if ((shapes.get(shape) ?? 0) >= MAX_PER_SHAPE) continue;
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
    visited.push(url);
    reached.add(routeOf(url));
    const report = (problem: string) => problems.push({ role, viewport: "desktop", url, problem });
    if (!routeOf(url)) report("a link to a page no route of PAGE_ROUTES serves");
    await visit(page, url, "desktop", report);
    for (const link of await sameOriginLinks(page, origin)) {
      if (!seen.has(link)) {
        seen.add(link);
        queue.push(link);
      }
    }
  }
  const capped = queue.length > 0;
  await desktop.close();
  // Every page again on a phone, axe included: the layout must fit the screen whatever the data in it.
  const phone = await phoneContext(browser);
  const phonePage = await phone.newPage();
  await signIn(phonePage, baseUrl, email);
  for (const url of visited) {
    phoneVisits++;
    await visit(phonePage, url, "phone", (problem) => problems.push({ role, viewport: "phone", url, problem }));
  }
  await phone.close();
  return { visited, problems, capped };
}

const pathAndQuery = (url: string) => `${new URL(url).pathname}${new URL(url).search}`;

function printProblems(problems: Problem[]) {
  if (minorViolations.size)
    console.log(
      `axe, moderate and minor (not failed on), pages by rule so far: ${JSON.stringify(Object.fromEntries(minorViolations))}`,
    );
  for (const p of problems) console.log(`${p.role} ${p.viewport} ${pathAndQuery(p.url)}: ${p.problem}`);
}

const ROLES = [...new Map(DEMO_LOGINS.users.map((u) => [u.role, u.email])).entries()];
let total = 0;
let phoneVisits = 0;
let visitedOutside = 0;

/** A link shared to the app from a phone's share sheet (the manifest's share target, decision 017). */
const SHARED = `/share-target?${new URLSearchParams({ title: "Robots at work", text: "", url: "https://press.example/robots" })}`;

/**
 * The pages outside the signed-in shell, each with the path it must end on: signed out (sign-in, sign-up, LinkedIn's
 * mock consent, the service worker's offline page, a share from the share sheet before sign-in), then signed in as
 * a rep (each network's mock consent, reached as Connections starts it, and the share-target landing).
 */
const OUTSIDE_PAGES: { who: "signed out" | "rep"; start: string; lands: string }[] = [
  { who: "signed out", start: "/login", lands: "/login" },
  { who: "signed out", start: "/signup", lands: "/signup" },
  { who: "signed out", start: "/auth/linkedin", lands: "/auth/linkedin/mock" },
  { who: "signed out", start: "/offline.html", lands: "/offline.html" },
  { who: "signed out", start: SHARED, lands: "/login" },
  { who: "rep", start: "/connect/linkedin", lands: "/connect/linkedin/mock" },
  { who: "rep", start: "/connect/x", lands: "/connect/x/mock" },
  { who: "rep", start: "/connect/facebook", lands: "/connect/facebook/mock" },
  { who: "rep", start: SHARED, lands: "/suggest" },
];

describe("page crawl", () => {
  it("names every page route of app/routes, with who must reach it or why the crawl cannot", () => {
    expect(Object.keys(PAGE_ROUTES).sort()).toEqual(pageRoutesInApp().sort());
  });

  it.each(ROLES)(
    "every page a %s can reach loads without a 5xx or console error, fits the screen and passes axe, on desktop and phone, and the crawl reaches each of the role's page routes",
    async (role, email) => {
      const before = phoneVisits;
      const { visited, problems, capped } = await crawl(env.browser, env.app.url, role, email);
      total += visited.length;
      console.log(
        `crawl as ${role}: ${visited.length} pages at desktop size${capped ? ` (stopped at the cap of ${MAX_PAGES_PER_ROLE})` : ""}, then ${phoneVisits - before} at phone size (${total + phoneVisits} page loads so far, ${Math.round(axeMs / 1000)} s of them in axe)\n  ${visited.map(pathAndQuery).join("\n  ")}`,
      );
      printProblems(problems);
      const reached = new Set(visited.map(routeOf));
      const missed = requiredRoutes(role).filter((route) => !reached.has(route));
      expect(
        missed,
        `page routes a ${role} can open that the crawl did not reach${capped ? ` (it stopped at ${MAX_PAGES_PER_ROLE} pages)` : ""}`,
      ).toEqual([]);
      expect(problems).toEqual([]);
    },
    900_000,
  );

  it("every page outside the signed-in shell loads without a 5xx or console error, fits the screen and passes axe, on desktop and phone", async () => {
    const problems: Problem[] = [];
    const landed = new Set<string>();
    const rep = ROLES.find(([role]) => role === "rep")![1];
    for (const viewport of ["desktop", "phone"] as const) {
      for (const who of ["signed out", "rep"] as const) {
        const context =
          viewport === "desktop" ? await newContext(env.browser, VIEWPORTS.desktop) : await phoneContext(env.browser);
        const page = await context.newPage();
        if (who === "rep") await signIn(page, env.app.url, rep);
        for (const { start, lands } of OUTSIDE_PAGES.filter((p) => p.who === who)) {
          const url = `${env.app.url}${start}`;
          const report = (problem: string) => problems.push({ role: who, viewport, url, problem });
          const ended = await visit(page, url, viewport, report);
          if (new URL(ended).pathname !== lands) report(`ended on ${pathAndQuery(ended)}, not ${lands}`);
          const route = routeOf(ended);
          if (route) landed.add(route);
          visitedOutside++;
        }
        await context.close();
      }
    }
    console.log(`outside the shell: ${visitedOutside} page loads (${Math.round(axeMs / 1000)} s in axe so far)`);
    printProblems(problems);
    const outside = Object.entries(PAGE_ROUTES).filter(([, who]) => who === OUTSIDE);
    expect(
      outside.map(([route]) => route).filter((route) => !landed.has(route)),
      "page routes outside the shell that no page of OUTSIDE_PAGES reached",
    ).toEqual([]);
    expect(problems).toEqual([]);
  }, 300_000);
});

/** The library's filters, each named by a label a sighted person reads beside it (axe also accepts hidden ones). */
const LIBRARY_FILTERS = ["Search", "Type", "Tag", "Network", "Language"];

/** Why a control's <label>s are not there to read on the screen: none, hidden, clipped, cut off or off screen. */
async function unreadableLabels(control: Locator): Promise<string[]> {
  return control.evaluate((el) => {
    const labels = [...((el as HTMLInputElement).labels ?? [])];
    if (!labels.length) return ["no <label> element"];
    return labels.flatMap((label) => {
      const problems: string[] = [];
      label.scrollIntoView({ block: "center", inline: "nearest", behavior: "instant" });
      const box = label.getBoundingClientRect();
      if (box.width < 8 || box.height < 8) problems.push(`${Math.round(box.width)}×${Math.round(box.height)} px`);
      if (box.left < 0 || box.right > window.innerWidth || box.top < 0 || box.bottom > window.innerHeight)
        problems.push("outside the screen");
      if (label.scrollWidth > label.clientWidth + 1 || label.scrollHeight > label.clientHeight + 1)
        problems.push("its text is cut off");
      for (let node: Element | null = label; node; node = node.parentElement) {
        const style = getComputedStyle(node);
        if (style.visibility !== "visible" || style.display === "none") problems.push("hidden");
        if (Number(style.opacity) === 0) problems.push("transparent");
        if (style.clip !== "auto" || style.clipPath !== "none") problems.push("clipped");
      }
      const text = (label.textContent ?? "").trim();
      return [...new Set(problems)].map((p) => `label "${text}": ${p}`);
    });
  });
}

describe("the library's filters", () => {
  for (const viewport of ["desktop", "phone"] as const) {
    it(`each filter is found by its label, and that label is visible beside it (${viewport})`, async () => {
      const context =
        viewport === "desktop" ? await newContext(env.browser, VIEWPORTS.desktop) : await phoneContext(env.browser);
      const page = await context.newPage();
      await signIn(page, env.app.url, ROLES.find(([role]) => role === "rep")![1]);
      await page.goto(`${env.app.url}/library`);
      const filters = page.getByRole("search", { name: "Search the library" });
      // Every field of the form is one of the filters below: a new one without a label is not overlooked.
      expect(await filters.locator("input:not([type=hidden]), select, textarea").count()).toBe(LIBRARY_FILTERS.length);
      for (const name of LIBRARY_FILTERS) {
        const control = filters.getByLabel(name, { exact: true });
        expect(await control.count(), name).toBe(1);
        expect(await control.isVisible(), name).toBe(true);
        expect(await unreadableLabels(control), name).toEqual([]);
      }
      await context.close();
    }, 60_000);
  }
});
