import { randomBytes, timingSafeEqual } from "node:crypto";
import { readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { z } from "zod";
import type { JobOutcome } from "./runner";
import type { AddressInfo } from "node:net";

/**
 * `npm run job` while the app runs on the embedded database. PGlite admits one process (the data directory
 * is locked, db/data-dir-lock.server.ts), so the CLI cannot open it; it asks the app to run the job instead.
 *
 * The app listens on a port of its own on 127.0.0.1 only (whatever HOST the site uses), and writes that port
 * and a random token to `<dataDir>.control.json`, readable by the same user only (0600): whoever can read the
 * token could open the database files anyway. `POST /jobs/<name>?now=<ISO>` with `Authorization: Bearer
 * <token>` runs the job (after any run of it in progress) and answers the same JSON the CLI prints.
 */
export interface JobControlFile {
  pid: number;
  port: number;
  token: string;
}

export function controlPathFor(dataDir: string): string {
  const full = path.resolve(dataDir);
  return path.join(path.dirname(full), `${path.basename(full)}.control.json`);
}

const controlFile = z.object({
  pid: z.number().int().positive(),
  port: z.number().int().positive(),
  token: z.string().min(32),
});

export function readControlFile(dataDir: string): JobControlFile | null {
  try {
    return controlFile.parse(JSON.parse(readFileSync(controlPathFor(dataDir), "utf8")));
  } catch {
    return null;
  }
}

const nowParam = z
  .string()
  .datetime({ offset: true })
  .transform((v) => new Date(v));

/** Starts the loopback job endpoint of a web process; `close()` stops it and removes the file. */
export async function startJobControl(
  dataDir: string,
  runNow: (name: string, now: Date) => Promise<JobOutcome>,
  jobNames: string[],
): Promise<{ port: number; close(): Promise<void> }> {
  const token = randomBytes(32).toString("base64url");
  const expected = Buffer.from(`Bearer ${token}`);
  const server = http.createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store" });
      res.end(JSON.stringify(body));
    };
    const given = Buffer.from(req.headers.authorization ?? "");
    // A browser page can reach loopback too: without the token (which only the file holds) nothing runs.
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return reply(401, { error: "token required" });
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const name = /^\/jobs\/([a-z]+)$/.exec(url.pathname)?.[1];
    if (req.method !== "POST" || !name) return reply(404, { error: "POST /jobs/<name>" });
    if (!jobNames.includes(name)) return reply(404, { error: `unknown job ${name}` });
    const now = url.searchParams.has("now")
      ? nowParam.safeParse(url.searchParams.get("now"))
      : { success: true as const, data: new Date() };
    if (!now.success) return reply(400, { error: "now must be an ISO date-time, e.g. 2026-01-05T09:00:00Z" });
    runNow(name, now.data).then(
      (outcome) => reply(200, { job: name, ...outcome }),
      (error: unknown) =>
        reply(500, { job: name, status: "failed", error: error instanceof Error ? error.message : String(error) }),
    );
  });
  // A long job (a full award recompute) may take minutes: no request timeout on this side.
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const file = controlPathFor(dataDir);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ pid: process.pid, port, token } satisfies JobControlFile), { mode: 0o600 });
  renameSync(temp, file); // a reader never sees half a file
  return {
    port,
    async close() {
      if (readControlFile(dataDir)?.pid === process.pid) unlinkSync(file);
      await new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      });
    },
  };
}

/** Asks the running app to run a job; the answer is the outcome line `npm run job` prints. */
export function runJobThroughApp(
  control: JobControlFile,
  name: string,
  now: Date,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: control.port,
        method: "POST",
        path: `/jobs/${encodeURIComponent(name)}?now=${encodeURIComponent(now.toISOString())}`,
        headers: { Authorization: `Bearer ${control.token}` },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}
