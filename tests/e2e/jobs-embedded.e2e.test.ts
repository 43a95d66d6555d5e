import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { controlPathFor } from "../../jobs/control";
import { builtEntry, startApp, type RunningApp } from "./harness";

/**
 * The embedded database while `npm start` runs: its data directory is locked to the app, `npm run job`
 * runs through the app (it used to open the same directory from a second process and could corrupt it).
 * Always on PGlite, whatever engine the rest of the suite uses.
 */
const root = path.resolve(__dirname, "../..");
let app: RunningApp;
beforeAll(async () => {
  app = await startApp({}, { engine: "pglite" });
}, 300_000);
afterAll(async () => app?.stop());

/**
 * Runs a built entry as an operator would (`npm run job|db:migrate` run these). Asynchronously: a blocked event loop
 * lets fetch reuse a socket the app closed.
 */
function cli(
  entry: Parameters<typeof builtEntry>[0],
  args: string[] = [],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [builtEntry(entry), ...args], {
      cwd: root,
      env: app.env as NodeJS.ProcessEnv,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("jobs by hand on the embedded database", { timeout: 240_000 }, () => {
  it("runs `npm run job` through the running app and prints the job's outcome, the app still serving", async () => {
    const before = (await (await fetch(`${app.url}/healthz`)).json()) as { uptimeSeconds: number };
    const outcome = await app.runJob("maintain", new Date("2026-01-05T09:00:00Z"));
    expect(outcome).toMatchObject({ job: "maintain", status: "ok", stats: { prunedSessions: expect.any(Number) } });
    const after = await fetch(`${app.url}/healthz`);
    expect(after.status).toBe(200);
    // The same process answered before and after: nothing was restarted.
    expect(((await after.json()) as { uptimeSeconds: number }).uptimeSeconds).toBeGreaterThanOrEqual(
      before.uptimeSeconds,
    );
  });

  it("rejects an unknown job name with the usage line, as before", async () => {
    const unknown = await cli("job", ["nope"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("Usage: npm run job");
  });

  it("refuses other processes (migrations here) with a clear message, and changes nothing", async () => {
    const migrate = await cli("migrate");
    expect(migrate.status).not.toBe(0);
    expect(migrate.stderr).toMatch(/The embedded database in .+ is in use by process \d+/);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it("runs nothing for a request without the app's token", async () => {
    const control = JSON.parse(readFileSync(controlPathFor(app.env.DATA_DIR!), "utf8")) as {
      port: number;
      token: string;
    };
    const anonymous = await fetch(`http://127.0.0.1:${control.port}/jobs/maintain`, { method: "POST" });
    expect(anonymous.status).toBe(401);
    const wrong = await fetch(`http://127.0.0.1:${control.port}/jobs/maintain`, {
      method: "POST",
      headers: { Authorization: `Bearer ${"x".repeat(43)}` },
    });
    expect(wrong.status).toBe(401);
    const unknown = await fetch(`http://127.0.0.1:${control.port}/jobs/nope`, {
      method: "POST",
      headers: { Authorization: `Bearer ${control.token}` },
    });
    expect(unknown.status).toBe(404);
  });
});
