import { rmSync } from "node:fs";
import { sql } from "drizzle-orm";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, rows, type DbHandle } from "../../db/client.server";
import { linkClicks } from "../../db/schema";
import { adminUrl, withAdminClient } from "../helpers/db";
import { createRep } from "../helpers/fixtures";
import { migratePgliteFrom, migrationsBefore } from "../helpers/migrations";

/** Migration 0019 on a database that already has clicks and a text-keyed ledger (both engines). */
describe("migration 0019 (visitors counted with the clicks, typed ledger keys)", () => {
  let handle: DbHandle;
  let dropDb: (() => Promise<void>) | undefined;
  const folder = migrationsBefore("0019_link_visitors");
  beforeAll(async () => {
    if (process.env.DATABASE_URL) {
      const name = `chorus_m19_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
      await withAdminClient((c) => c.query(`create database ${name}`));
      handle = await openDb({ url: adminUrl(process.env.DATABASE_URL, name) });
      await migratePg(handle.db as unknown as Parameters<typeof migratePg>[0], { migrationsFolder: folder });
      dropDb = () => withAdminClient((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => {});
    } else {
      handle = await openDb({ dataDir: "memory://" });
      await migratePgliteFrom(handle, folder);
    }
  });
  afterAll(async () => {
    await handle?.close();
    await dropDb?.();
    rmSync(folder, { recursive: true, force: true });
  });

  it("backfills the visitors from the clicks there, converts the ledger's keys, and counts new clicks", async () => {
    const db = handle.db;
    const rep = await createRep(db);
    // Raw SQL: the schema's columns include later migrations' (0020's search_words), absent from this database.
    const [item] = await rows<{ id: string }>(
      db,
      sql`insert into content_items (type, title, url, status) values ('article', 'Hybrid cloud costs', 'https://n.example/a', 'published') returning id`,
    );
    const [share] = await rows<{ id: string }>(
      db,
      sql`insert into shares (user_id, item_id, network, method, text, status, published_at, idempotency_key, link_code)
          values (${rep.id}, ${item!.id}, 'linkedin', 'api', 'x', 'published', '2026-06-08T09:00:00Z', 'm19', 'm19code')
          returning id`,
    );
    const shareId = share!.id;
    const clicks = await db
      .insert(linkClicks)
      .values(
        [
          ["a", "2026-06-08T10:00:00Z", false],
          ["a", "2026-06-08T11:00:00Z", false],
          ["b", "2026-06-08T12:00:00Z", false],
          ["bot", "2026-06-08T12:00:00Z", true],
          ["a", "2026-06-09T10:00:00Z", false],
        ].map(([visitorHash, at, isBot]) => ({
          shareId,
          visitorHash: visitorHash as string,
          clickedAt: new Date(at as string),
          isBot: isBot as boolean,
        })),
      )
      .returning({ id: linkClicks.id });
    const badgeId = crypto.randomUUID();
    const challengeId = crypto.randomUUID();
    await db.execute(sql`
      insert into point_events (user_id, kind, points, source) values
        (${rep.id}, 'share', 10, ${shareId}),
        (${rep.id}, 'share', 5, ${`opened:${item!.id}:x:${rep.id}`}),
        (${rep.id}, 'clicks', 2, ${`${shareId}:2026-06-08`}),
        (${rep.id}, 'badge', 5, ${`${badgeId}:${rep.id}`}),
        (${rep.id}, 'challenge', 50, ${`${challengeId}:${rep.id}`}),
        (${rep.id}, 'adjustment', 7, 'by-hand:1')`);

    await handle.migrate();

    expect(
      await rows(db, sql`select day::text, visitor_hash from link_visitors where share_id = ${shareId} order by 1, 2`),
    ).toEqual([
      { day: "2026-06-08", visitor_hash: "a" },
      { day: "2026-06-08", visitor_hash: "b" },
      { day: "2026-06-09", visitor_hash: "a" },
    ]);
    expect(
      await rows(
        db,
        sql`select visitor_hash, first_click_id from share_visitors where share_id = ${shareId} order by 1`,
      ),
    ).toEqual([
      { visitor_hash: "a", first_click_id: clicks[0]!.id },
      { visitor_hash: "b", first_click_id: clicks[2]!.id },
    ]);
    expect(
      await rows(
        db,
        sql`select day::text, user_id, visitors from share_day_visitors where share_id = ${shareId} order by 1`,
      ),
    ).toEqual([
      { day: "2026-06-08", user_id: rep.id, visitors: 2 },
      { day: "2026-06-09", user_id: rep.id, visitors: 1 },
    ]);
    expect(await rows(db, sql`select user_id, visitors from share_visitor_counts where share_id = ${shareId}`)).toEqual(
      [{ user_id: rep.id, visitors: 2 }],
    );
    expect(
      await rows(db, sql`select kind, share_id, source_id, day::text, source from point_events order by kind, points`),
    ).toEqual([
      { kind: "adjustment", share_id: null, source_id: null, day: null, source: "by-hand:1" },
      { kind: "badge", share_id: null, source_id: badgeId, day: null, source: null },
      { kind: "challenge", share_id: null, source_id: challengeId, day: null, source: null },
      { kind: "clicks", share_id: shareId, source_id: null, day: "2026-06-08", source: null },
      { kind: "share", share_id: null, source_id: null, day: null, source: `opened:${item!.id}:x:${rep.id}` },
      { kind: "share", share_id: shareId, source_id: null, day: null, source: null },
    ]);
    // The converted rows are held by the new keys.
    await expect(
      db.execute(sql`insert into point_events (user_id, kind, points, share_id, day)
                     values (${rep.id}, 'clicks', 2, ${shareId}, '2026-06-08')`),
    ).rejects.toThrow();
    await expect(
      db.execute(sql`insert into point_events (user_id, kind, points, source_id)
                     values (${rep.id}, 'badge', 5, ${badgeId})`),
    ).rejects.toThrow();
    // And the trigger counts what comes after.
    await db.insert(linkClicks).values([
      { shareId, visitorHash: "b", clickedAt: new Date("2026-06-09T11:00:00Z") },
      { shareId, visitorHash: "c", clickedAt: new Date("2026-06-09T11:00:00Z") },
    ]);
    const [counts] = await rows<{ days: number; visitors: number; day_count: number; share_count: number }>(
      db,
      sql`select (select count(*)::int from link_visitors where share_id = ${shareId}) as days,
                 (select count(*)::int from share_visitors where share_id = ${shareId}) as visitors,
                 (select visitors from share_day_visitors where share_id = ${shareId} and day = '2026-06-09') as day_count,
                 (select visitors from share_visitor_counts where share_id = ${shareId}) as share_count`,
    );
    expect(counts).toEqual({ days: 5, visitors: 3, day_count: 3, share_count: 3 });
  });
});
