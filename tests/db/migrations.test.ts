import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { openDb, rows, type DbHandle } from "../../db/client.server";
import { adminUrl, createTestDb, withAdminClient } from "../helpers/db";
import { migratePgliteFrom, migrationsBefore } from "../helpers/migrations";

const CORE_TABLES = [
  "users",
  "sessions",
  "teams",
  "invitations",
  "allowed_domains",
  "oauth_identities",
  "social_accounts",
  "content_items",
  "content_messages",
  "packs",
  "pack_items",
  "pack_targets",
  "shares",
  "link_clicks",
  "point_events",
  "badges",
  "user_badges",
  "challenges",
  "brands",
  "mentions",
  "sov_daily",
  "job_runs",
  "audit_log",
  "pages",
  "notifications",
  "suggestions",
];

async function tablesOf(handle: DbHandle) {
  const found = await rows<{ table_name: string }>(
    handle.db,
    sql`select table_name from information_schema.tables where table_schema = 'public'`,
  );
  return found.map((r) => r.table_name);
}

async function checkMigratedTwice(handle: DbHandle) {
  await handle.migrate(); // a second run applies nothing and does not fail
  expect(await tablesOf(handle)).toEqual(expect.arrayContaining(CORE_TABLES));
  await handle.db.execute(
    sql`insert into content_items (type, title, summary, url, search_text) values ('blog', 'Hybrid cloud savings', 'Costs drop', 'https://x.test', 'finops')`,
  );
  const [hit] = await rows<{ title: string }>(
    handle.db,
    sql`select title from content_items where search @@ websearch_to_tsquery('english', 'finops')`,
  );
  expect(hit?.title).toBe("Hybrid cloud savings");
  await handle.db.execute(sql`insert into users (email, name) values ('Case@Acme.test', 'A')`);
  await expect(
    handle.db.execute(sql`insert into users (email, name) values ('case@acme.TEST', 'B')`),
  ).rejects.toThrow();
}

describe("migrations", () => {
  it("apply on the embedded PGlite database, idempotently, with search and case-insensitive e-mails", async () => {
    const handle = await openDb({ dataDir: "memory://" });
    try {
      await handle.migrate();
      await checkMigratedTwice(handle);
    } finally {
      await handle.close();
    }
  });

  it.runIf(Boolean(process.env.DATABASE_URL))("apply on a real Postgres server, idempotently", async () => {
    const handle = await createTestDb();
    try {
      expect(handle.kind).toBe("pg");
      await checkMigratedTwice(handle);
    } finally {
      await handle.close();
    }
  });

  it.runIf(Boolean(process.env.DATABASE_URL))(
    "turn JIT compilation off for every later session of a migrated Postgres database",
    async () => {
      const name = `chorus_jit_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
      await withAdminClient((c) => c.query(`create database ${name}`));
      const url = adminUrl(process.env.DATABASE_URL!, name);
      // The database's own settings, which every server session started later reads, however it connects.
      const databaseSettings = () =>
        withAdminClient(async (c) =>
          (
            await c.query<{ setting: string }>(
              `select unnest(s.setconfig) as setting from pg_db_role_setting s
                 join pg_database d on d.oid = s.setdatabase where d.datname = $1 and s.setrole = 0`,
              [name],
            )
          ).rows.map((r) => r.setting),
        );
      // A pooler (CI runs this through pgbouncer) hands a client a server session it opened earlier, which keeps
      // the settings it started with until the pooler recycles it: end the database's server sessions first, as
      // recycling would, so that the next client is served by a server session started now.
      const jitOfNewServerSession = async () => {
        await withAdminClient((c) =>
          c.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1", [name]),
        );
        for (let attempt = 1; ; attempt++) {
          const client = new pg.Client({ connectionString: url });
          client.on("error", () => {});
          try {
            await client.connect();
            const row = (
              await client.query<{ jit: string; fresh: boolean }>(
                `select current_setting('jit') as jit,
                        backend_start > now() - interval '1 minute' and backend_start >= $1::timestamptz as fresh
                   from pg_stat_activity where pid = pg_backend_pid()`,
                [migratedAt],
              )
            ).rows[0]!;
            expect(row.fresh, "the session was started after the migration").toBe(true);
            return row.jit;
          } catch (error) {
            // A pooler may notice a server session ended under it only when it hands it out: the next try gets
            // a new one.
            if (attempt >= 3 || !/server|terminat|closed|connection/i.test(String(error))) throw error;
            await new Promise((r) => setTimeout(r, 200));
          } finally {
            await client.end().catch(() => {});
          }
        }
      };
      let migratedAt = new Date(0).toISOString();
      try {
        expect(await databaseSettings()).toEqual([]);
        expect(await jitOfNewServerSession()).toBe("on"); // the server's default, before the migrations
        migratedAt = (await withAdminClient((c) => c.query<{ t: string }>("select now()::text as t"))).rows[0]!.t;
        const handle = await openDb({ url });
        try {
          await handle.migrate();
        } finally {
          await handle.close();
        }
        expect(await databaseSettings()).toEqual(["jit=off"]);
        expect(await jitOfNewServerSession()).toBe("off");
      } finally {
        await withAdminClient((c) => c.query(`drop database if exists ${name} with (force)`));
      }
    },
  );

  it("are journalled in file order with strictly increasing times, so an upgraded database applies every new one", () => {
    // drizzle applies a migration only when its journal time is later than the last applied one's: an entry
    // dated earlier than its predecessor is silently skipped on every database that already had the predecessor.
    const dir = path.resolve(__dirname, "../../db/migrations");
    const journal = JSON.parse(readFileSync(path.join(dir, "meta/_journal.json"), "utf8")) as {
      entries: Array<{ idx: number; when: number; tag: string }>;
    };
    const files = readdirSync(dir)
      .filter((f) => f.endsWith(".sql"))
      .sort()
      .map((f) => f.replace(/\.sql$/, ""));
    expect(journal.entries.map((e) => e.tag)).toEqual(files);
    journal.entries.forEach((entry, i) => {
      expect(entry.idx).toBe(i);
      if (i > 0)
        expect(entry.when, `${entry.tag} is dated before ${journal.entries[i - 1]!.tag}`).toBeGreaterThan(
          journal.entries[i - 1]!.when,
        );
    });
  });

  it("bring a database migrated before 0018 to the same constraint names as a fresh one", async () => {
    const handle = await openDb({ dataDir: "memory://" });
    // Up to 0018 only: the later migrations are not written to run twice.
    const upTo0018 = migrationsBefore("0019_link_visitors");
    try {
      await migratePgliteFrom(handle, upTo0018);
      // What a database that stopped at 0017 looks like: the foreign keys under Postgres's own names, and no
      // record of 0018 (it had been skipped there).
      await handle.db.execute(
        sql`alter table content_review_views rename constraint content_review_views_reviewer_id_users_id_fk to content_review_views_reviewer_id_fkey`,
      );
      await handle.db.execute(
        sql`alter table content_review_views rename constraint content_review_views_item_id_content_items_id_fk to content_review_views_item_id_fkey`,
      );
      await handle.db.execute(sql`delete from drizzle.__drizzle_migrations where created_at >= 1796450000000`);
      await migratePgliteFrom(handle, upTo0018);
      const names = await rows<{ conname: string }>(
        handle.db,
        sql`select conname from pg_constraint where conrelid = 'content_review_views'::regclass and contype = 'f' order by conname`,
      );
      expect(names.map((n) => n.conname)).toEqual([
        "content_review_views_item_id_content_items_id_fk",
        "content_review_views_reviewer_id_users_id_fk",
      ]);
      await handle.migrate(); // the rest applies after it, and once more changes nothing
      await handle.migrate();
    } finally {
      await handle.close();
      rmSync(upTo0018, { recursive: true, force: true });
    }
  });
});
