import cluster from "node:cluster";
import http from "node:http";
import { availableParallelism } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import compression from "compression";
import { sql } from "drizzle-orm";
import express, { type NextFunction, type Request, type Response } from "express";
import { dispatchOverdue } from "./app/domain/dispatch.server";
import { createLinkService } from "./app/domain/links.server";
import { getEnv, isDeployment, usesMocks } from "./app/env.server";
import { admit, answer, type EdgeOptions } from "./app/http/edge.server";
import { createRemixHandler } from "./app/http/remix-handler.server";
import { newNonce, securityHeaders, serveTrackedLink } from "./app/http.server";
import { startMockModeIfOn } from "./app/mock-mode.server";
import { getDb } from "./db/client.server";
import { getReplica } from "./db/replica.server";
import { startJobControl } from "./jobs/control";
import { JOBS } from "./jobs/registry";
import { startScheduler } from "./jobs/scheduler";
import { seedDemoIfEmpty, DEMO_LOGINS } from "./seed/demo";
import type { ServerBuild } from "@remix-run/node";

declare module "express-serve-static-core" {
  interface Locals {
    /** The nonce of this response's Content-Security-Policy, for the scripts the page renders. */
    cspNonce: string;
  }
}

const env = getEnv();
/** Public files a browser must revalidate on every use: the service worker, its offline page, the manifest. */
const NO_CACHE_FILES = new Set(["sw.js", "offline.html", "manifest.webmanifest"]);
const dev = process.argv.includes("--dev");
const startedAt = Date.now();
// One set of header rules for pages, edge answers and the tracked-link pages; HSTS once served over https.
const edge: EdgeOptions = { dev, appUrl: env.APP_URL, https: env.APP_URL?.startsWith("https://") ?? false };

// Last resort: no request may end the process. Handlers answer their own errors (below); anything that
// still escapes is logged and the process keeps serving the other requests.
process.on("unhandledRejection", (reason) => console.error("Unhandled rejection (still serving):", reason));
process.on("uncaughtException", (error, origin) =>
  console.error(`Uncaught exception in ${origin} (still serving):`, error),
);

// Mock mode only when MOCKS=true (npm start sets it for the embedded demo): msw answers for the networks.
if (usesMocks(env) && isDeployment(env)) {
  console.warn("MOCKS=true on a deployment: the networks are simulated and the demo LinkedIn screen signs people in.");
}
await startMockModeIfOn(env);

// On Postgres the web tier is stateless, so one process per core serves pages; the embedded
// database admits a single process.
// Opt-in: on the 2-core benchmark machine a second web process competed with Postgres and the load
// generator and made tail latency worse (docs/decisions/007-award-and-pages-at-scale.md).
const processes = dev || !env.DATABASE_URL ? 1 : Math.min(env.WEB_CONCURRENCY ?? 1, availableParallelism() * 2);
const clustered = processes > 1;

if (clustered && cluster.isPrimary) {
  // The primary migrates, seeds and (if asked) runs the jobs once; workers only serve requests.
  const handle = await getDb();
  const seeded = await seedDemoIfEmpty(handle, env.SEED_DEMO);
  const scheduler = env.RUN_JOBS_IN_WEB ? startScheduler(handle) : null;
  if (scheduler) console.log(`Jobs run in the primary process: ${scheduler.summary}`);
  let stopping = false;
  const fork = () => cluster.fork({ CHORUS_WORKER_SEEDED: seeded ? "1" : "" });
  for (let i = 0; i < processes; i++) fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    console.warn(`Web process ${worker.process.pid} exited (${signal ?? code}); starting another.`);
    fork();
  });
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, closing ${processes} web processes.`);
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    await Promise.all(
      workers.map(
        (w) =>
          new Promise((resolve) => (w.isDead() ? resolve(null) : (w.once("exit", resolve), w.process.kill("SIGTERM")))),
      ),
    );
    await scheduler?.stop();
    await handle.close().catch(() => undefined);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
} else {
  await serve();
}

async function serve() {
  const handle = await getDb();
  // Report reads go to DATABASE_REPLICA_URL when set (decision 024); one pool per web process, opened here.
  const replica = getReplica(env.DATABASE_REPLICA_URL);
  // A clustered worker leaves seeding and jobs to the primary.
  const seeded = clustered ? process.env.CHORUS_WORKER_SEEDED === "1" : await seedDemoIfEmpty(handle, env.SEED_DEMO);
  // The embedded database admits one process, so the web process runs the jobs itself.
  const scheduler = !clustered && (handle.kind === "pglite" || env.RUN_JOBS_IN_WEB) ? startScheduler(handle) : null;
  // When the primary goes away (even killed outright), its workers go too.
  if (clustered) process.on("disconnect", () => process.exit(0));

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");

  app.use((req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = newNonce();
    for (const [name, value] of Object.entries(securityHeaders(res.locals.cspNonce, edge))) res.setHeader(name, value);
    next();
  });

  app.get("/healthz", (_req, res, next) => void health(res).catch(next));
  async function health(res: Response) {
    try {
      await handle.db.execute(sql`select 1`);
      // No worker sending (Postgres without `npm run worker`): say so; the web process itself is healthy.
      const { overdue, lateMs } = await dispatchOverdue(handle.db);
      const dispatch = {
        dispatch: overdue ? "dispatch overdue" : "ok",
        dispatchLateSeconds: Math.round(lateMs / 1000),
      };
      res.json({
        status: "ok",
        db: "up",
        engine: handle.kind,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        ...dispatch,
      });
    } catch (error) {
      res.status(503).json({ status: "error", db: "down", error: (error as Error).message });
    }
  }

  app.use(compression());

  // The same-origin rule, request-target checks and declared body sizes are applied before Express,
  // in the server's request listener below (app/http/edge.server.ts).

  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (dev) {
    const vite = await import("vite").then((v) => v.createServer({ server: { middlewareMode: true } }));
    app.use(vite.middlewares);
    build = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  } else {
    const buildDir = path.resolve(process.env.CHORUS_BUILD_DIR ?? "build");
    app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
    // Only paths naming a file (favicon.ico, robots.txt) can be in build/client: pages skip the disk lookup.
    const publicFiles = express.static(path.join(buildDir, "client"), {
      maxAge: "1h",
      // The service worker and what it answers offline are checked on every load, so a new release reaches
      // phones at once (decision 017).
      setHeaders: (res, file) => {
        if (NO_CACHE_FILES.has(path.basename(file))) res.setHeader("Cache-Control", "no-cache");
      },
    });
    app.use((req, res, next) => {
      if (path.extname(req.path)) void publicFiles(req, res, next);
      else next();
    });
    build = (await import(pathToFileURL(path.join(buildDir, "server/index.js")).href)) as ServerBuild;
  }

  app.use(
    createRemixHandler({
      build,
      mode: dev ? "development" : "production",
      headers: edge,
      getLoadContext: (req, res) => ({
        db: handle.db,
        replica,
        clientIp: req.ip ?? "unknown",
        cspNonce: res.locals.cspNonce,
      }),
    }),
  );
  // Every error a handler passes on becomes an answer: 4xx when Express knows it is the request's fault
  // (a malformed body, say), otherwise a 500 page; the process goes on.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => fail(req, res, error));

  // /l/<code>, the route the public hits, is answered before Express and Remix see the request.
  const links = createLinkService(handle.db, { salt: env.CLICK_HASH_SALT });
  // The data directory is locked to this process: `npm run job` asks it to run a job instead (jobs/control.ts),
  // with the clicks still buffered here written first, as a restart would.
  const jobControl =
    scheduler && handle.dataDir
      ? await startJobControl(
          handle.dataDir,
          async (name, now) => (await links.flush(), scheduler.runNow(name, now)),
          Object.keys(JOBS),
        )
      : null;
  const server = http.createServer((req, res) => {
    try {
      if (req.method === "GET" && req.url?.startsWith("/l/")) {
        serveTrackedLink(links, req, res, edge).catch((error: unknown) => fail(req, res, error));
        return;
      }
      const admission = admit(req, edge);
      if (!admission.ok) return answer(req, res, admission.status, admission.message, edge);
      app(req, res);
    } catch (error) {
      fail(req, res, error);
    }
  });

  function fail(req: http.IncomingMessage, res: http.ServerResponse, error: unknown) {
    const status = (error as { status?: unknown })?.status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      return answer(req, res, status, "The request could not be read.", edge);
    }
    console.error(`${req.method} ${req.url} failed:`, error);
    answer(req, res, 500, "Something went wrong on our side. Try again in a moment.", edge);
  }
  server.listen(env.PORT, env.HOST, () => {
    // One greeting per app, not one per worker.
    if (clustered && cluster.worker?.id !== 1) return;
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : env.PORT;
    const url = env.APP_URL ?? `http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${port}`;
    console.log(
      `Chorus is running at ${url} (database: ${handle.kind}${seeded ? ", demo data seeded" : ""}${clustered ? `, ${processes} web processes` : ""})`,
    );
    if (scheduler) console.log(`Jobs run in this process: ${scheduler.summary}`);
    if (handle.kind === "pglite" || seeded) {
      console.log("Demo logins (password for all: " + DEMO_LOGINS.password + "):");
      for (const login of DEMO_LOGINS.users) console.log(`  ${login.role.padEnd(8)} ${login.email}`);
    }
  });

  async function shutdown(signal: string) {
    console.log(`${signal} received, closing.`);
    server.close(() => void closeAll().finally(() => process.exit(0)));
    async function closeAll() {
      await links.close(); // clicks still buffered are written before the process ends
      await jobControl?.close();
      await scheduler?.stop();
      await replica?.close().catch(() => undefined);
      await handle.close().catch(() => undefined);
    }
    setTimeout(() => process.exit(1), 10_000).unref();
  }
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}
