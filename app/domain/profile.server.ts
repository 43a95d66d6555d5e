import { eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "../../db/schema";
import { isTimeZone } from "./auth.server";
import type { Db } from "../../db/client.server";

/** What a person may change about themselves on the Me page (the e-mail is the admins'). */
export const profileInput = z.object({
  name: z.string().trim().min(2, "Enter your name").max(100, "Keep your name under 100 characters"),
  timeZone: z.string().refine(isTimeZone, "Pick a time zone from the list"),
});
export type ProfileInput = z.infer<typeof profileInput>;

/** Saves a person's own name and time zone; the zone counts as chosen from then on (decision 019). */
export async function updateProfile(db: Db, { userId, profile }: { userId: string; profile: ProfileInput }) {
  await db
    .update(users)
    .set({ name: profile.name, timeZone: profile.timeZone, timeZoneSet: true })
    .where(eq(users.id, userId));
}
