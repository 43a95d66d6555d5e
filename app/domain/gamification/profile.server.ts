import { sql } from "drizzle-orm";
import { rows, type Db } from "../../../db/client.server";
import { badges, userBadges, userPointsDaily } from "../../../db/schema";
import { levelFor } from "./levels.server";
import { isBadgeRuleKind, progressOfUserSql } from "./rules.server";

export interface BadgeProgress {
  id: string;
  name: string;
  description: string;
  threshold: number;
  progress: number;
  earnedAt: Date | null;
  bonusPoints: number;
}

/** Points, level and every active (or already earned) badge with progress, for the profile page. */
export async function profileStats(db: Db, userId: string) {
  const [totals] = await rows<{ total: number }>(
    db,
    sql`select coalesce(sum(points), 0)::int as total from ${userPointsDaily} where user_id = ${userId}`,
  );
  const list = await rows<{
    id: string;
    name: string;
    description: string;
    rule_kind: string;
    threshold: number;
    bonus_points: number;
    earned_at: Date | null;
  }>(
    db,
    sql`
      select b.id, b.name, b.description, b.rule_kind, b.threshold, b.bonus_points, ub.earned_at
      from ${badges} b
      left join ${userBadges} ub on ub.badge_id = b.id and ub.user_id = ${userId}
      where b.retired_at is null or ub.user_id is not null
      order by ub.earned_at desc nulls last, b.threshold, b.name`,
  );
  const kinds = [...new Set(list.map((b) => b.rule_kind).filter(isBadgeRuleKind))];
  const progress = new Map<string, number>(
    await Promise.all(
      kinds.map(async (kind) => {
        const [row] = await rows<{ progress: number }>(db, progressOfUserSql(kind, userId));
        return [kind, row?.progress ?? 0] as const;
      }),
    ),
  );
  const badgeList: BadgeProgress[] = list.map((b) => ({
    id: b.id,
    name: b.name,
    description: b.description,
    threshold: b.threshold,
    progress: Math.min(progress.get(b.rule_kind) ?? 0, b.threshold),
    earnedAt: b.earned_at ? new Date(b.earned_at) : null,
    bonusPoints: b.bonus_points,
  }));
  const points = totals?.total ?? 0;
  return { points, level: levelFor(points), badges: badgeList };
}
