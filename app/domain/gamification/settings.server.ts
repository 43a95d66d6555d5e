import { eq } from "drizzle-orm";
import { z } from "zod";
import { settings } from "../../../db/schema";
import { audit } from "../audit.server";
import type { Db } from "../../../db/client.server";

/** Points defaults from DESIGN; admins override them in the settings table under "points". */
export const DEFAULT_POINTS = {
  apiShare: 10,
  intentShare: 5,
  copyShare: 5,
  uniqueClick: 1,
  clickCapPerShareDay: 20,
} as const;
export type PointsSettings = { [K in keyof typeof DEFAULT_POINTS]: number };

const SETTING = "points";

export async function getPointsSettings(db: Db): Promise<PointsSettings> {
  const [row] = await db.select().from(settings).where(eq(settings.key, SETTING));
  return { ...DEFAULT_POINTS, ...((row?.value as Partial<PointsSettings>) ?? {}) };
}

const pointsValue = (label: string) =>
  z.coerce
    .number({ invalid_type_error: `${label}: enter a whole number` })
    .int(`${label}: enter a whole number`)
    .min(0, `${label} cannot be negative`)
    .max(1000, `${label}: at most 1,000`);

export const pointsSettingsInput = z.object({
  apiShare: pointsValue("Posted through Chorus"),
  intentShare: pointsValue("Shared on the network's page"),
  copyShare: pointsValue("Copied text"),
  uniqueClick: pointsValue("Per unique click"),
  clickCapPerShareDay: pointsValue("Click cap").min(1, "The click cap must be at least 1"),
});

/** New point values apply to what the award job counts from now on; the ledger keeps what was awarded. */
export async function savePointsSettings(
  db: Db,
  { actorId, input, now = new Date() }: { actorId: string; input: PointsSettings; now?: Date },
): Promise<void> {
  const before = await getPointsSettings(db);
  await db
    .insert(settings)
    .values({ key: SETTING, value: input, updatedBy: actorId, updatedAt: now })
    .onConflictDoUpdate({ target: settings.key, set: { value: input, updatedBy: actorId, updatedAt: now } });
  await audit(db, {
    actorId,
    action: "settings.points",
    targetType: "settings",
    targetId: SETTING,
    detail: { before, after: input },
  });
}
