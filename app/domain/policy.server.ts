import { eq } from "drizzle-orm";
import { users } from "../../db/schema";
import { audit } from "./audit.server";
import { getPage } from "./pages.server";
import type { Db } from "../../db/client.server";

export const POLICY_SLUG = "social-media-policy" as const;

export async function hasAcceptedPolicy(db: Db, userId: string): Promise<boolean> {
  const [user] = await db.select({ at: users.policyAcceptedAt }).from(users).where(eq(users.id, userId));
  return Boolean(user?.at);
}

export async function acceptPolicy(db: Db, userId: string, now = new Date()): Promise<void> {
  await db.update(users).set({ policyAcceptedAt: now }).where(eq(users.id, userId));
  await audit(db, { actorId: userId, action: "policy.accept", targetType: "page", targetId: POLICY_SLUG });
}

export function getPolicy(db: Db) {
  return getPage(db, POLICY_SLUG);
}
