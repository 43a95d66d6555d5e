import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { rows, type Db } from "../../db/client.server";
import { oauthIdentities, shares, socialAccounts, users } from "../../db/schema";
import { isTimeZone } from "./auth.server";

/**
 * First sign-in (decision 019): the browser's time zone for accounts whose zone was never chosen, and the
 * first-steps checklist on the library (policy, a connected network, a first share, the installed app).
 */

export const browserTimeZoneSchema = z.object({
  intent: z.literal("browser-time-zone"),
  timeZone: z.string().max(100).refine(isTimeZone, "Not a time zone"),
});
export const firstStepsSchema = z.object({ intent: z.enum(["dismiss-first-steps", "app-installed"]) });

/** True while the account's zone is a guess (Sign in with LinkedIn asks for none). */
export async function timeZoneUnconfirmed(db: Db, userId: string): Promise<boolean> {
  const [user] = await db.select({ set: users.timeZoneSet }).from(users).where(eq(users.id, userId));
  return user ? !user.set : false;
}

/**
 * Takes the browser's zone when the account's zone was never chosen; a zone the person picked (sign-up form,
 * Me page) is never replaced. True when the zone was adopted.
 */
export async function adoptBrowserTimeZone(
  db: Db,
  { userId, timeZone }: { userId: string; timeZone: string },
): Promise<boolean> {
  if (!isTimeZone(timeZone)) return false;
  const changed = await db
    .update(users)
    .set({ timeZone, timeZoneSet: true })
    .where(and(eq(users.id, userId), eq(users.timeZoneSet, false)))
    .returning({ id: users.id });
  return changed.length > 0;
}

export interface FirstSteps {
  policy: boolean;
  connected: boolean;
  shared: boolean;
  installed: boolean;
  dismissed: boolean;
}

/** Which first steps a person has done, in one query. */
export async function firstSteps(db: Db, userId: string): Promise<FirstSteps> {
  return (await onboardingState(db, userId)).steps;
}

/**
 * The library's onboarding in one query: the first steps and whether the account's zone is still a guess
 * (what firstSteps and timeZoneUnconfirmed answer, without a second round trip on every library page).
 */
export async function onboardingState(
  db: Db,
  userId: string,
): Promise<{ steps: FirstSteps; timeZoneUnconfirmed: boolean }> {
  const [row] = await rows<{
    policy: boolean;
    installed: boolean;
    dismissed: boolean;
    connected: boolean;
    shared: boolean;
    zone_set: boolean;
  }>(
    db,
    sql`select "users"."policy_accepted_at" is not null as policy,
               "users"."app_installed_at" is not null as installed,
               "users"."first_steps_dismissed_at" is not null as dismissed,
               "users"."time_zone_set" as zone_set,
               exists (select 1 from ${socialAccounts} a
                       where a.user_id = ${userId} and a.status = 'active') as connected,
               exists (select 1 from ${shares} s
                       where s.user_id = ${userId} and s.status <> 'cancelled') as shared
        from ${users} where "users"."id" = ${userId}`,
  );
  return {
    steps: {
      policy: Boolean(row?.policy),
      connected: Boolean(row?.connected),
      shared: Boolean(row?.shared),
      installed: Boolean(row?.installed),
      dismissed: Boolean(row?.dismissed),
    },
    timeZoneUnconfirmed: row ? !row.zone_set : false,
  };
}

export async function dismissFirstSteps(db: Db, { userId, now = new Date() }: { userId: string; now?: Date }) {
  await db.update(users).set({ firstStepsDismissedAt: now }).where(eq(users.id, userId));
}

/** The browser said the app is installed (the appinstalled event, or running in standalone display mode). */
export async function recordAppInstalled(db: Db, { userId, now = new Date() }: { userId: string; now?: Date }) {
  await db
    .update(users)
    .set({ appInstalledAt: now })
    .where(and(eq(users.id, userId), sql`${users.appInstalledAt} is null`));
}

/** Whether the person is linked to LinkedIn (then the Me page does not advise signing in with it). */
export async function hasLinkedInIdentity(db: Db, userId: string): Promise<boolean> {
  const found = await db
    .select({ userId: oauthIdentities.userId })
    .from(oauthIdentities)
    .where(and(eq(oauthIdentities.userId, userId), eq(oauthIdentities.provider, "linkedin")))
    .limit(1);
  return found.length > 0;
}
