import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { DEMO_LOGINS } from "../../seed/demo-logins";
import { createTestDb, type TestDb } from "../helpers/db";

export { DEMO_LOGINS };

export interface RunningApp {
  url: string;
  /** The app's database, for arranging data and checking outcomes directly. */
  db: TestDb["db"];
  /** Env of the server process, for running CLI jobs against the same database. */
  env: Record<string, string | undefined>;
  /** Runs a job once from the CLI against the app's database, as an operator would. */
  runJob(name: string, now: Date): Promise<{ status: string; stats?: Record<string, number> }>;
  /** The server process's id (it changes when runJob restarts it), to check that it lives and what memory it holds. */
  readonly pid: number;
  stop(): Promise<void>;
}

const root = path.resolve(__dirname, "../..");
/** A built Node entry (tests/global-setup builds them as `npm run build` does): production's own JavaScript. */
export function builtEntry(name: "server" | "job" | "worker" | "migrate" | "seed"): string {
  const buildDir = process.env.CHORUS_BUILD_DIR;
  if (!buildDir)
    throw new Error("CHORUS_BUILD_DIR is unset: tests/global-setup.ts builds the app before the e2e tests");
  return path.join(buildDir, "node", `${name}.js`);
}

/**
 * Starts the production build (tests/global-setup builds it) on a free port with the demo company
 * seeded into a database of its own: a fresh Postgres database with DATABASE_URL, else PGlite in a temp dir.
 * `engine: "pglite"` asks for the embedded database whatever DATABASE_URL says (tests of the embedded engine).
 */
export async function startApp(
  extraEnv: Record<string, string> = {},
  options: { engine?: "pglite" } = {},
): Promise<RunningApp> {
  let dataDir: string | undefined;
  let testDb: TestDb | undefined;
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: "production",
    PORT: "0",
    HOST: "127.0.0.1",
    SEED_DEMO: "always",
    // Mock mode is never implied (decision 009): the journeys ask for it, and on Postgres in production
    // mode the app counts as a deployment, which needs a click-hash salt of its own.
    MOCKS: "true",
    CLICK_HASH_SALT: "e2e-only-click-hash-salt",
    ...extraEnv,
  };
  if (process.env.DATABASE_URL && options.engine !== "pglite") {
    testDb = await createTestDb();
    env.DATABASE_URL = testDb.url;
  } else {
    dataDir = mkdtempSync(path.join(tmpdir(), "chorus-e2e-"));
    env.DATABASE_URL = "";
    env.DATA_DIR = path.join(dataDir, "pglite"); // its lock and job-control files sit beside it, in dataDir
  }
  const server = await spawnServer(env);
  // PGlite allows one process per data directory, so e2e tests with PGlite read through the app only.
  const db = testDb?.db ?? (null as unknown as TestDb["db"]);
  return {
    url: server.url,
    db,
    env,
    get pid() {
      return server.pid;
    },
    async runJob(name: string, now: Date) {
      // On the embedded database the data directory is locked to the app, and the CLI asks the app to run it.
      const run = spawnSync(process.execPath, [builtEntry("job"), name, "--now", now.toISOString()], {
        cwd: root,
        env: env as NodeJS.ProcessEnv,
        encoding: "utf8",
      });
      if (run.status !== 0) throw new Error(`job ${name} failed:\n${run.stdout}\n${run.stderr}`);
      return JSON.parse(run.stdout.trim().split("\n").pop()!) as { status: string; stats?: Record<string, number> };
    },
    async stop() {
      await server.stop();
      await testDb?.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function spawnServer(
  env: Record<string, string | undefined>,
): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ["--enable-source-maps", builtEntry("server")], {
    cwd: root,
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Never leave a server behind, even when a test run is cut short.
  const killChild = () => child.kill("SIGKILL");
  process.once("exit", killChild);
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`server did not start in 180 s:\n${output}`)), 180_000); // initdb + seeding on a busy machine
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/running at (http:\/\/[^\s]+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    async stop() {
      process.off("exit", killChild);
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
}

export async function signIn(page: Page, baseUrl: string, email: string, password = DEMO_LOGINS.password) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Work e-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}

export async function newContext(
  browser: Browser,
  viewport = { width: 1366, height: 900 },
  options: { serviceWorkers?: "block" } = {},
): Promise<BrowserContext> {
  return browser.newContext({ viewport, timezoneId: "Europe/London", ...options });
}

export const ARTIFACTS = path.join(root, "tests/.artifacts");

/**
 * The page has hydrated and its first effects have run (root.tsx marks <html data-hydrated>): its controls answer
 * as they will, script-only ones included. (Remix's `__remixRouter` exists earlier, before React has hydrated.)
 */
export const hydrated = (page: Page) =>
  page.waitForFunction(() => document.documentElement.dataset.hydrated === "true");

/**
 * Holds the app's scripts back, as a slow phone's network would, so the page stays server HTML that a person can
 * already type into; the returned function lets them through and waits until the app has hydrated. A context whose
 * service worker has cached the scripts serves them around this: open such pages with `serviceWorkers: "block"`.
 */
export async function holdScripts(page: Page): Promise<() => Promise<void>> {
  let letThrough = () => {};
  const held = new Promise<void>((resolve) => (letThrough = resolve));
  await page.route(/\/assets\/.+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  return async () => {
    if (await page.evaluate(() => "__remixRouter" in window))
      throw new Error("the page hydrated while its scripts were held");
    letThrough();
    await hydrated(page);
  };
}

/** One app and one browser for a whole e2e file, started before its tests and stopped after. */
export function useAppAndBrowser(
  extraEnv: Record<string, string> = {},
  options: { engine?: "pglite" } = {},
): { readonly app: RunningApp; readonly browser: Browser } {
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    app = await startApp(extraEnv, options);
    browser = await launchBrowser();
  }, 300_000); // the server may take up to 180 s to start (above)
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });
  return {
    get app() {
      return app!;
    },
    get browser() {
      return browser!;
    },
  };
}
