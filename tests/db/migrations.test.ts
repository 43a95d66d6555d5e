import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDb, rows, type DbHandle } from "../../db/client.server";
import { createTestDb } from "../helpers/db";

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
});
