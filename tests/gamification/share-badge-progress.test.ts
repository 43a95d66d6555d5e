import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { badgeProgressSql, EVERYONE, onlyUsers } from "~/domain/gamification/rules.server";
import { countedShare } from "~/domain/share-counting.server";
import { rows } from "../../db/client.server";
import { shares } from "../../db/schema";
import { createItem, createRep } from "../helpers/fixtures";
import { useTestDb } from "../helpers/test-db";

/**
 * The "N published shares" badge counts what countedShare counts (decision 014: every verified share, one
 * unverified share per rep, item and network), though it counts distinct triples instead of probing each share.
 */
describe("share badge progress", () => {
  const t = useTestDb();

  it("equals the count of countedShare rows per rep, over verified, repeated unverified and other shares", async () => {
    const reps = await Promise.all([1, 2, 3, 4].map(() => createRep(t.db)));
    const items = await Promise.all([1, 2, 3].map((n) => createItem(t.db, { title: `Item ${n}` })));
    const statuses = ["published", "opened", "opened", "cancelled", "failed", "scheduled"] as const;
    const networks = ["linkedin", "x", "facebook"] as const;
    // A fixed pseudo-random mix: repeats of the same rep, item and network, some at the very same moment.
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const values = Array.from({ length: 160 }, (_, i) => {
      const status = statuses[next(statuses.length)]!;
      const at = new Date(Date.UTC(2026, 10, 1 + next(5), next(3)));
      return {
        userId: reps[next(3)]!.id, // the fourth rep has no shares
        itemId: items[next(items.length)]!.id,
        network: networks[next(networks.length)]!,
        method: status === "opened" ? ("copy" as const) : ("api" as const),
        text: "x",
        status,
        publishedAt: status === "published" || status === "opened" ? at : null,
        idempotencyKey: `mix-${i}`,
        linkCode: `mix${i}`,
      };
    });
    await t.db.insert(shares).values(values);

    const expected = await rows<{ user_id: string; progress: number }>(
      t.db,
      sql`select user_id, count(*)::int as progress from ${shares} sh where ${countedShare("sh")} group by user_id order by user_id`,
    );
    const progress = (scope = EVERYONE) =>
      rows<{ user_id: string; progress: number }>(
        t.db,
        sql`select user_id, progress from (${badgeProgressSql("shares", scope)}) p order by user_id`,
      );
    expect(expected.length).toBe(3);
    expect(expected.some((r) => r.progress > 0)).toBe(true);
    expect(await progress()).toEqual(expected);
    const scoped = [reps[0]!.id, reps[3]!.id];
    expect(await progress(onlyUsers(scoped))).toEqual(expected.filter((r) => scoped.includes(r.user_id)));
  });
});
