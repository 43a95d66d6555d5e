import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDb, rows } from "../../db/client.server";
import { DataDirLockedError, lockPathFor } from "../../db/data-dir-lock.server";

const root = path.resolve(__dirname, "../..");
const temp = mkdtempSync(path.join(tmpdir(), "chorus-lock-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Opens `dataDir` from another process, as `npm run job` or a second `npm start` would. */
function openFromAnotherProcess(dataDir: string) {
  const run = spawnSync(process.execPath, ["--import", "tsx", "tests/db/fixtures/open-data-dir.ts", dataDir], {
    cwd: root,
    encoding: "utf8",
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** The pid of a process that has exited: what a lock left by kill -9 holds. */
function deadPid(): number {
  const run = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" });
  return Number(run.stdout.trim());
}

// Creating a PGlite directory runs initdb: seconds on an idle machine, much longer on a busy one.
describe("the embedded database's data-directory lock", { timeout: 240_000 }, () => {
  it("refuses a second process with a message naming the owner, and the first keeps working", async () => {
    const dataDir = path.join(temp, "busy");
    const first = await openDb({ dataDir });
    try {
      await first.migrate();
      const second = openFromAnotherProcess(dataDir);
      expect(second.status).toBe(3);
      expect(second.output).toContain(
        `refused: DataDirLockedError: The embedded database in ${dataDir} is in use by process ${process.pid}`,
      );
      expect(second.output).toContain("nothing was opened or changed");
      // The same process may not open it twice either (PGlite admits one instance per directory).
      await expect(openDb({ dataDir })).rejects.toBeInstanceOf(DataDirLockedError);
      const [row] = await rows<{ users: number }>(first.db, sql`select count(*) as users from users`);
      expect(row).toEqual({ users: 0 });
    } finally {
      await first.close();
    }
    expect(existsSync(lockPathFor(dataDir))).toBe(false);
    // Once closed, the next process opens it (and its data survived both attempts).
    expect(openFromAnotherProcess(dataDir)).toMatchObject({ status: 0, output: "opened\n" });
  });

  it("takes over a lock left by a process that died", async () => {
    const dataDir = path.join(temp, "stale");
    const lockPath = lockPathFor(dataDir);
    const pid = deadPid();
    writeFileSync(lockPath, JSON.stringify({ pid, host: hostname(), since: "2026-01-01T00:00:00.000Z" }));
    const handle = await openDb({ dataDir });
    try {
      expect(JSON.parse(readFileSync(lockPath, "utf8"))).toMatchObject({ pid: process.pid, host: hostname() });
      const [row] = await rows<{ one: number }>(handle.db, sql`select 1 as one`);
      expect(row!.one).toBe(1);
    } finally {
      await handle.close();
    }
  });

  it("takes over an empty lock file (its writer died between creating and writing it)", async () => {
    const dataDir = path.join(temp, "empty");
    writeFileSync(lockPathFor(dataDir), "");
    const handle = await openDb({ dataDir });
    expect((JSON.parse(readFileSync(lockPathFor(dataDir), "utf8")) as { pid: number }).pid).toBe(process.pid);
    await handle.close();
  });

  it("leaves an in-memory database unlocked", async () => {
    const [a, b] = await Promise.all([openDb({ dataDir: "memory://" }), openDb({})]);
    expect([a.kind, b.kind]).toEqual(["pglite", "pglite"]);
    await Promise.all([a.close(), b.close()]);
  });
});
