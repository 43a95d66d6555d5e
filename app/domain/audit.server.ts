import { auditLog } from "../../db/schema";
import type { Db } from "../../db/client.server";

export async function audit(
  db: Db,
  entry: {
    actorId: string | null;
    action: string;
    targetType: string;
    targetId?: string | null;
    detail?: Record<string, unknown>;
  },
): Promise<void> {
  await db.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    detail: entry.detail ?? null,
  });
}
