import { and, eq, inArray, isNull, isNotNull } from "drizzle-orm";
import { sessions, shareEvents, shares, users } from "../../db/schema";
import { audit } from "./audit.server";
import type { Db } from "../../db/client.server";

/** Where a deactivation came from: the admin screen today, company SSO and SCIM provisioning later. */
export type DeactivationSource = "admin" | "sso" | "scim";

export interface DeactivationResult {
  ok: boolean;
  name?: string;
  /** False when the person was already deactivated (nothing changed, nothing audited). */
  changed: boolean;
  cancelledShares: number;
  message: string;
}

/**
 * The one way a person is deactivated, whatever the path: sign-in stops (sessions revoked), their queued
 * shares are cancelled with a line in each share's timeline, and one audit entry records who and why.
 * History stays: published shares, points, clicks and badges are kept (and their share rows too).
 * Shares already on their way (publishing) finish; dispatch never claims a deactivated person's shares.
 */
export async function deactivateUser(
  db: Db,
  input: { userId: string; actorId: string | null; source: DeactivationSource; now?: Date },
): Promise<DeactivationResult> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [user] = await tx
      .update(users)
      .set({ deactivatedAt: now })
      .where(and(eq(users.id, input.userId), isNull(users.deactivatedAt)))
      .returning({ name: users.name });
    if (!user) {
      const [existing] = await tx.select({ name: users.name }).from(users).where(eq(users.id, input.userId));
      return existing
        ? {
            ok: true,
            name: existing.name,
            changed: false,
            cancelledShares: 0,
            message: `${existing.name} was already deactivated.`,
          }
        : { ok: false, changed: false, cancelledShares: 0, message: "That user no longer exists." };
    }
    await tx.delete(sessions).where(eq(sessions.userId, input.userId));
    const cancelled = await tx
      .update(shares)
      .set({
        status: "cancelled",
        nextAttemptAt: null,
        lastError: "Cancelled because the account was deactivated",
        updatedAt: now,
      })
      .where(and(eq(shares.userId, input.userId), eq(shares.status, "scheduled")))
      .returning({ id: shares.id });
    if (cancelled.length) {
      await tx
        .insert(shareEvents)
        .values(cancelled.map((s) => ({ shareId: s.id, kind: "cancelled", detail: "The account was deactivated" })));
    }
    await audit(tx, {
      actorId: input.actorId,
      action: "user.deactivate",
      targetType: "user",
      targetId: input.userId,
      detail: {
        source: input.source,
        cancelledShares: cancelled.length,
        cancelledShareIds: cancelled.map((s) => s.id),
      },
    });
    const plural = cancelled.length === 1 ? "" : "s";
    return {
      ok: true,
      name: user.name,
      changed: true,
      cancelledShares: cancelled.length,
      message: `${user.name} deactivated and signed out${cancelled.length ? `; ${cancelled.length} queued post${plural} cancelled` : ""}.`,
    };
  });
}

/** Lets the person sign in again. Cancelled shares stay cancelled: the rep schedules afresh if they want. */
export async function reactivateUser(
  db: Db,
  input: { userId: string; actorId: string | null; source: DeactivationSource },
): Promise<DeactivationResult> {
  const [user] = await db
    .update(users)
    .set({ deactivatedAt: null })
    .where(and(eq(users.id, input.userId), isNotNull(users.deactivatedAt)))
    .returning({ name: users.name });
  if (!user) {
    const [existing] = await db
      .select({ name: users.name })
      .from(users)
      .where(inArray(users.id, [input.userId]));
    return existing
      ? {
          ok: true,
          name: existing.name,
          changed: false,
          cancelledShares: 0,
          message: `${existing.name} is already active.`,
        }
      : { ok: false, changed: false, cancelledShares: 0, message: "That user no longer exists." };
  }
  await audit(db, {
    actorId: input.actorId,
    action: "user.reactivate",
    targetType: "user",
    targetId: input.userId,
    detail: { source: input.source },
  });
  return { ok: true, name: user.name, changed: true, cancelledShares: 0, message: `${user.name} reactivated.` };
}
