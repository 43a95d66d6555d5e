import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { eq, sql } from "drizzle-orm";
import express from "express";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { refreshLeaderboards } from "~/domain/leaderboard.server";
import { reportRead, wroteCookie, wroteLsn, REPLICA_LIMITS } from "~/domain/reads.server";
import { parseEnv } from "~/env.server";
import { createRemixHandler } from "~/http/remix-handler.server";
import { loader as analyticsLoader } from "~/routes/_app.analytics";
import { rows } from "../../db/client.server";
import { getReplica, openReplica, parseLsn, type Replica } from "../../db/replica.server";
import { brands, contentItems, shares, teams, userPointsDaily, users } from "../../db/schema";
import { contextFor, cookieFor, createTeam, createUser, getRequest } from "../helpers/factories";
import { startStandby, type Standby } from "../helpers/standby";
import { useTestDb } from "../helpers/test-db";
import type { ServerBuild } from "@remix-run/node";

const t = useTestDb();
/** Names the report pages show; renamed on the primary alone while replay is paused. */
const ORIGINAL = { person: "Annika Zed", team: "Alpha Squad", item: "Launch post", brand: "Acmeorama" };

describe("read replica setting and positions (both engines)", () => {
  it("DATABASE_REPLICA_URL is refused without DATABASE_URL (the embedded database has no replicas), empty is unset", () => {
    expect(() => parseEnv({ DATABASE_REPLICA_URL: "postgres://r@127.0.0.1:5433/chorus" })).toThrow(
      /DATABASE_REPLICA_URL needs DATABASE_URL/,
    );
    expect(() =>
      parseEnv({ DATABASE_URL: "postgres://p@127.0.0.1/chorus", DATABASE_REPLICA_URL: "not a url" }),
    ).toThrow(/DATABASE_REPLICA_URL/);
    const env = parseEnv({
      DATABASE_URL: "postgres://p@127.0.0.1/chorus",
      DATABASE_REPLICA_URL: "postgres://r@127.0.0.1:5433/chorus",
    });
    expect(env.DATABASE_REPLICA_URL).toBe("postgres://r@127.0.0.1:5433/chorus");
    expect(parseEnv({ DATABASE_REPLICA_URL: "" }).DATABASE_REPLICA_URL).toBeUndefined();
    expect(getReplica(undefined)).toBeNull();
  });

  it("WAL positions compare as numbers and only the chorus_wrote cookie's well-formed position counts", () => {
    expect(parseLsn("0/FFFFFFFF")! < parseLsn("1/0")!).toBe(true);
    expect(parseLsn("16/B374D848")).toBe((0x16n << 32n) | 0xb374d848n);
    for (const bad of ["", "16", "16/", "x/1", "1/2/3", "123456789/0"]) expect(parseLsn(bad)).toBeNull();
    const withCookie = (cookie: string) => new Request("http://chorus.test/analytics", { headers: { Cookie: cookie } });
    expect(wroteLsn(withCookie("chorus_session=abc; chorus_wrote=1/A0"))).toBe((1n << 32n) | 0xa0n);
    expect(wroteLsn(withCookie("chorus_wrote=; chorus_session=abc"))).toBeNull();
    expect(wroteLsn(withCookie("chorus_wrote=drop table"))).toBeNull();
    expect(wroteLsn(new Request("http://chorus.test/"))).toBeNull();
  });

  it("without a replica the report pages read the primary, say nothing about freshness, and a write sets no cookie", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const cookie = await cookieFor(t.db, admin.id);
    const context = contextFor(t.db);
    const page = await analyticsLoader({ request: getRequest("/analytics", cookie), params: {}, context });
    expect(page.figuresAsOf).toBeNull();
    const read = await reportRead(getRequest("/analytics", cookie), context, admin, async (db) =>
      db === t.db ? "primary handle" : "another handle",
    );
    expect(read).toEqual({ data: "primary handle", source: "primary", figuresAsOf: null });
    const post = new Request("http://chorus.test/admin/analytics", { method: "POST" });
    expect(await wroteCookie(post, new Response(null), context)).toBeNull();
  });
});

/**
 * A real streaming standby of the test server (tests/helpers/standby.ts) and the app's real request path: the
 * production build's routes behind app/http/remix-handler.server.ts, with a replica pool whose clock the test sets.
 */
describe.skipIf(!process.env.DATABASE_URL)(
  "read replica on a streaming standby (Postgres)",
  { timeout: 240_000 },
  () => {
    let standby: Standby;
    let replica: Replica;
    let web: http.Server;
    let base: string;
    /** The replica's clock: lag is measured against it, so 30 s or 6 minutes of lag need no waiting. */
    let clock = new Date();
    let admin: { id: string }, viewer: { id: string };
    let adminCookie: string, viewerCookie: string;
    let ann: { id: string }, team: { id: string }, item: { id: string }, brand: { id: string };
    let renames = 0;

    beforeAll(async () => {
      standby = await startStandby(process.env.DATABASE_URL);
      replica = openReplica(standby.urlFor(t.handle.url!), { now: () => clock, poolSize: 4 });
      const buildDir = process.env.CHORUS_BUILD_DIR!;
      const build = (await import(pathToFileURL(path.join(buildDir, "server/index.js")).href)) as ServerBuild;
      const app = express();
      app.use(
        createRemixHandler({
          build,
          mode: "production",
          headers: { dev: false },
          getLoadContext: () => ({ db: t.db, replica, clientIp: "203.0.113.7", cspNonce: "test-nonce" }),
        }),
      );
      web = http.createServer(app);
      await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
      const address = web.address();
      base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;

      team = await createTeam(t.db, ORIGINAL.team);
      admin = await createUser(t.db, { role: "admin", name: "Ada Admin", timeZone: "Europe/Berlin" });
      viewer = await createUser(t.db, { role: "admin", name: "Val Viewer", timeZone: "UTC" });
      ann = await createUser(t.db, {
        name: ORIGINAL.person,
        teamId: team.id,
        policyAcceptedAt: new Date("2026-01-01"),
      });
      adminCookie = await cookieFor(t.db, admin.id);
      viewerCookie = await cookieFor(t.db, viewer.id);
      const [shared, unshared] = await t.db
        .insert(contentItems)
        .values([
          { type: "article", title: "Shared post", url: "https://n.example/1", status: "published" },
          { type: "article", title: ORIGINAL.item, url: "https://n.example/2", status: "published" },
        ])
        .returning();
      item = unshared!;
      await t.db.insert(shares).values({
        userId: ann.id,
        itemId: shared!.id,
        network: "linkedin",
        method: "api",
        text: "x",
        status: "published",
        publishedAt: new Date(Date.now() - 3_600_000),
        idempotencyKey: "replica-1",
        linkCode: "replica1",
      });
      const [own] = await t.db.insert(brands).values({ name: ORIGINAL.brand, isOwn: true }).returning();
      brand = own!;
      await t.db
        .insert(userPointsDaily)
        .values({ userId: ann.id, day: new Date().toISOString().slice(0, 10), points: 40 });
      await refreshLeaderboards(t.db, new Date());
      await standby.catchUp(t.handle.url!, 180_000);
    }, 600_000);

    afterAll(async () => {
      if (web) await new Promise((resolve) => web.close(resolve));
      await replica?.close();
      await standby?.remove();
    }, 120_000);

    const get = (pathname: string, cookie: string) => fetch(`${base}${pathname}`, { headers: { Cookie: cookie } });
    const text = async (pathname: string, cookie: string) => {
      const response = await get(pathname, cookie);
      expect(response.status, `${pathname} answered ${response.status}`).toBe(200);
      return response.text();
    };
    /** The primary's WAL position now, as the app's cookie would carry it. */
    const primaryLsn = async () =>
      (await rows<{ lsn: string }>(t.db, sql`select pg_current_wal_lsn()::text as lsn`))[0]!.lsn;
    /** Replay stops on the standby (its WAL still arrives); returns the last replayed commit's time. */
    async function pauseReplay(): Promise<Date> {
      await standby.catchUp(t.handle.url!, 180_000);
      await standby.query("select pg_wal_replay_pause()");
      for (;;) {
        const [row] = await standby.query<{ state: string }>("select pg_get_wal_replay_pause_state() as state");
        if (row?.state === "paused") break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const [row] = await standby.query<{ at: Date }>("select pg_last_xact_replay_timestamp() as at");
      return row!.at;
    }
    const resumeReplay = () => standby.query("select pg_wal_replay_resume()");
    /** New names on the primary only (while replay is paused): what a page shows tells which server answered. */
    async function renameOnPrimary() {
      const n = ++renames;
      const names = {
        person: `Person renamed ${n}`,
        team: `Team renamed ${n}`,
        item: `Item renamed ${n}`,
        brand: `Brand renamed ${n}`,
      };
      await t.db.update(users).set({ name: names.person }).where(eq(users.id, ann.id));
      await t.db.update(teams).set({ name: names.team }).where(eq(teams.id, team.id));
      await t.db.update(contentItems).set({ title: names.item }).where(eq(contentItems.id, item.id));
      await t.db.update(brands).set({ name: names.brand }).where(eq(brands.id, brand.id));
      return names;
    }
    /** Every report route, and the name each one shows from the data renameOnPrimary changes. */
    const REPORTS = [
      { path: "/analytics", shows: "item" },
      { path: "/analytics/export?table=unshared", shows: "item" },
      { path: "/sov", shows: "brand" },
      { path: "/sov/export?table=periods", shows: "brand" },
      { path: "/leaderboard", shows: "person" },
      { path: "/leaderboard/export", shows: "person" },
      { path: "/leaderboard/data", shows: "person" },
      { path: "/leaderboard/meeting", shows: "team" },
    ] as const;

    it("every report route reads the replica: with replay paused they show what the standby holds, not the primary", async () => {
      clock = new Date((await pauseReplay()).getTime() + 1_000);
      try {
        const before = ORIGINAL;
        const after = await renameOnPrimary();
        for (const report of REPORTS) {
          const body = await text(report.path, viewerCookie);
          expect(body, report.path).toContain(before[report.shows]);
          expect(body, report.path).not.toContain(after[report.shows]);
        }
      } finally {
        await resumeReplay();
      }
    });

    it("everything else reads the primary: the brands page and EMV settings show the primary's data while replay is paused", async () => {
      clock = new Date((await pauseReplay()).getTime() + 1_000);
      try {
        const names = await renameOnPrimary();
        expect(await text("/brands", viewerCookie)).toContain(names.brand);
        expect(await text("/admin/teams", viewerCookie)).toContain(names.team);
      } finally {
        await resumeReplay();
      }
    });

    it("a person's write through the app sets chorus_wrote to the primary's WAL position; plain reads set nothing", async () => {
      const before = parseLsn(await primaryLsn())!;
      const response = await fetch(`${base}/admin/analytics`, {
        method: "POST",
        headers: { Cookie: adminCookie, "Content-Type": "application/x-www-form-urlencoded" },
        body: emvForm(700),
      });
      expect(response.status).toBe(200);
      const setCookie = response.headers.getSetCookie().find((c) => c.startsWith("chorus_wrote="));
      expect(setCookie).toMatch(
        new RegExp(
          `^chorus_wrote=[0-9A-F]+/[0-9A-F]+; Max-Age=${REPLICA_LIMITS.wroteCookieSeconds}; Path=/; HttpOnly; SameSite=Lax$`,
        ),
      );
      const lsn = parseLsn(setCookie!.split(";")[0]!.split("=")[1])!;
      expect(lsn > before).toBe(true);
      expect(lsn <= parseLsn(await primaryLsn())!).toBe(true);
      const read = await get("/analytics", adminCookie);
      expect(read.status).toBe(200);
      expect(read.headers.getSetCookie().some((c) => c.startsWith("chorus_wrote="))).toBe(false);
    });

    it("the writer reads from the primary until the replica replays their position, then from the replica again", async () => {
      const pausedAt = await pauseReplay();
      clock = new Date(pausedAt.getTime() + 1_000);
      let wrote: string;
      try {
        const response = await fetch(`${base}/admin/analytics`, {
          method: "POST",
          headers: { Cookie: adminCookie, "Content-Type": "application/x-www-form-urlencoded" },
          body: emvForm(999),
        });
        expect(response.status).toBe(200);
        wrote = response.headers
          .getSetCookie()
          .find((c) => c.startsWith("chorus_wrote="))!
          .split(";")[0]!;
        const emv = "/analytics/export?table=emv";
        // The writer sees their new rate (999 impressions a share) at once; someone else still reads the replica's 700.
        expect(await text(emv, `${adminCookie}; ${wrote}`)).toMatch(/^linkedin,1,0,999,/im);
        expect(await text(emv, viewerCookie)).toMatch(/^linkedin,1,0,700,/im);
      } finally {
        await resumeReplay();
      }
      await standby.catchUp(t.handle.url!, 180_000);
      // Replayed past their write: the same cookie now lets the replica answer (paused again, it shows old names).
      clock = new Date((await pauseReplay()).getTime() + 1_000);
      try {
        const names = await renameOnPrimary();
        const page = await text("/leaderboard", `${adminCookie}; ${wrote}`);
        expect(page).not.toContain(names.person);
        expect(await text("/analytics/export?table=emv", `${adminCookie}; ${wrote}`)).toMatch(/^linkedin,1,0,999,/im);
      } finally {
        await resumeReplay();
      }
    });

    it("a page from a replica 30 s behind says 'Figures as of HH:MM' in the viewer's zone; under 30 s it says nothing", async () => {
      const replayedAt = await pauseReplay();
      try {
        await renameOnPrimary(); // WAL the standby has received but not replayed: it is behind
        clock = new Date(replayedAt.getTime() + 29_000);
        expect(await text("/analytics", adminCookie)).not.toContain("Figures as of");
        clock = new Date(replayedAt.getTime() + 31_000);
        const berlin = new Intl.DateTimeFormat("en-GB", {
          timeZone: "Europe/Berlin",
          hour: "2-digit",
          minute: "2-digit",
          hourCycle: "h23",
        }).format(replayedAt);
        for (const pathname of ["/analytics", "/sov", "/leaderboard"]) {
          const html = await text(pathname, adminCookie);
          expect(html, pathname).toMatch(
            new RegExp(
              `Figures as of <time datetime="${replayedAt.toISOString().replace(".", "\\.")}">${berlin}</time>`,
              "i",
            ),
          );
          expect(html, pathname).toMatch(/role="status"[^>]*>Figures as of/);
        }
        const data = (await (await get("/leaderboard/data", adminCookie)).json()) as { figuresAsOf: unknown };
        expect(data.figuresAsOf).toEqual({ time: berlin, iso: replayedAt.toISOString() });
      } finally {
        await resumeReplay();
      }
    });

    it("a replica more than 5 minutes behind is skipped: the primary answers, with no note, and the lag is logged", async () => {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
      const replayedAt = await pauseReplay();
      try {
        const names = await renameOnPrimary();
        clock = new Date(replayedAt.getTime() + REPLICA_LIMITS.maxLagMs + 60_000);
        for (const report of REPORTS) {
          const body = await text(report.path, viewerCookie);
          expect(body, report.path).toContain(names[report.shows]);
          expect(body, report.path).not.toContain("Figures as of");
        }
        expect(warn.mock.calls.flat().join("\n")).toMatch(/Read replica: \d+ s behind, more than 5 minutes/);
      } finally {
        await resumeReplay();
      }
    });

    it("writes never go to the replica: the standby's statement log holds the report reads and no insert, update or delete", async () => {
      const log = readFileSync(standby.logFile, "utf8");
      // One entry per logged statement, however many lines its SQL spans.
      const statements = log
        .split(/\n(?=\d{4}-\d{2}-\d{2} )/)
        .filter((entry) => entry.includes("statement: ") || entry.includes("execute "));
      // The app's own status query (db/replica.server.ts) and a report's SQL ran there.
      expect(statements.some((s) => /pg_last_xact_replay_timestamp\(\) as replayed_at/.test(s))).toBe(true);
      expect(statements.some((s) => /from "?content_items"?/i.test(s))).toBe(true);
      const writes = statements.filter((s) => /\b(insert|update|delete)\b\s/i.test(s) && !s.includes("pg_wal_replay"));
      expect(writes).toEqual([]);
    });

    it("a stopped replica: every report route answers from the primary, no 5xx, one warning, and the replica is left alone for a while", async () => {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
      await standby.catchUp(t.handle.url!, 180_000);
      clock = new Date();
      await standby.stop();
      const names = await renameOnPrimary();
      for (const report of REPORTS) {
        const response = await get(report.path, viewerCookie);
        expect(response.status, report.path).toBe(200);
        expect(await response.text(), report.path).toContain(names[report.shows]);
      }
      const warnings = warn.mock.calls.flat().filter((m) => String(m).startsWith("Read replica: unavailable"));
      expect(warnings).toHaveLength(1);
      expect(replica.skipUntil).toBe(clock.getTime() + REPLICA_LIMITS.retryAfterFailureMs);
    });
  },
);

function emvForm(impressionsPerShare: number): string {
  const fields = new URLSearchParams();
  for (const [network, rates] of Object.entries({
    linkedin: { cpc: 5.5, cpm: 30 },
    x: { cpc: 1.2, cpm: 6.5 },
    facebook: { cpc: 0.9, cpm: 11 },
  })) {
    fields.set(`${network}.cpc`, String(rates.cpc));
    fields.set(`${network}.cpm`, String(rates.cpm));
    fields.set(`${network}.impressionsPerShare`, String(network === "linkedin" ? impressionsPerShare : 100));
  }
  return fields.toString();
}
