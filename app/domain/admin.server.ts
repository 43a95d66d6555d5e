import { asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { allowedDomains, auditLog, emailOutbox, invitations, teams, users } from "../../db/schema";
import { audit } from "./audit.server";
import { hashToken, newToken, ROLES, type SessionUser } from "./auth.server";
import { constraintProblem } from "./db-errors.server";
import { deactivateUser, reactivateUser } from "./users.server";
import type { Db } from "../../db/client.server";

const INVITE_DAYS = 14;

export type AdminResult<T = undefined> =
  { ok: true; value?: T; message: string } | { ok: false; field?: string; message: string };

export function listUsers(db: Db) {
  return db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      teamId: users.teamId,
      teamName: teams.name,
      deactivatedAt: users.deactivatedAt,
      lastActiveAt: users.lastActiveAt,
    })
    .from(users)
    .leftJoin(teams, eq(users.teamId, teams.id))
    .orderBy(asc(users.name));
}

export function listTeams(db: Db) {
  return db
    .select({
      id: teams.id,
      name: teams.name,
      members: sql<number>`(
        select count(*)::int from ${users} u where u.team_id = "teams"."id" and u.deactivated_at is null
      )`,
    })
    .from(teams)
    .orderBy(asc(teams.name));
}

export const optionalTeamId = z
  .string()
  .optional()
  .transform((v) => (v ? v : null))
  .pipe(z.string().uuid("Pick a team from the list").nullable());

export const inviteSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid e-mail address"),
  role: z.enum(ROLES, { errorMap: () => ({ message: "Pick a role" }) }),
  teamId: optionalTeamId,
});

export async function inviteUser(
  db: Db,
  { actor, input, origin }: { actor: SessionUser; input: z.infer<typeof inviteSchema>; origin: string },
): Promise<AdminResult<string>> {
  const [existing] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = ${input.email}`);
  if (existing) return { ok: false, field: "email", message: "This person already has an account." };
  if (input.teamId && !(await teamExists(db, input.teamId)))
    return { ok: false, field: "teamId", message: "That team no longer exists." };
  const token = newToken();
  const link = `${origin}/signup?invite=${token}`;
  const failed = await db
    .transaction(async (tx) => {
      const [invite] = await tx
        .insert(invitations)
        .values({
          email: input.email,
          role: input.role,
          teamId: input.teamId,
          tokenHash: hashToken(token),
          invitedBy: actor.id,
          expiresAt: new Date(Date.now() + INVITE_DAYS * 86400_000),
        })
        .returning({ id: invitations.id });
      if (!invite) throw new Error("Inserting the invitation returned no row");
      await tx.insert(emailOutbox).values({
        toEmail: input.email,
        subject: `${actor.name} invited you to Chorus`,
        body: `Join your colleagues on Chorus: ${link}\nThe link is valid for ${INVITE_DAYS} days.`,
        dedupeKey: `invite:${invite.id}`,
      });
    })
    .then(() => null, constraintProblem);
  // The team was deleted after the check above: nothing was saved (one transaction), and the form says why.
  if (failed) return { ok: false, ...failed.problem };
  await audit(db, {
    actorId: actor.id,
    action: "user.invite",
    targetType: "invitation",
    targetId: input.email,
    detail: { role: input.role, teamId: input.teamId },
  });
  return { ok: true, value: link, message: `Invitation created for ${input.email}.` };
}

async function teamExists(db: Db, teamId: string) {
  const [team] = await db.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId));
  return Boolean(team);
}

export const updateUserSchema = z.object({
  userId: z.string().uuid(),
  role: z.enum(ROLES, { errorMap: () => ({ message: "Pick a role" }) }),
  teamId: optionalTeamId,
});

export async function updateUser(
  db: Db,
  actor: SessionUser,
  input: z.infer<typeof updateUserSchema>,
): Promise<AdminResult> {
  if (input.userId === actor.id && input.role !== "admin") {
    return { ok: false, field: "role", message: "You cannot remove your own admin role; ask another admin." };
  }
  if (input.teamId && !(await teamExists(db, input.teamId)))
    return { ok: false, field: "teamId", message: "That team no longer exists." };
  const [before] = await db
    .select({ role: users.role, teamId: users.teamId, name: users.name })
    .from(users)
    .where(eq(users.id, input.userId));
  if (!before) return { ok: false, message: "That user no longer exists." };
  const failed = await db
    .update(users)
    .set({ role: input.role, teamId: input.teamId })
    .where(eq(users.id, input.userId))
    .then(() => null, constraintProblem);
  if (failed) return { ok: false, ...failed.problem };
  await audit(db, {
    actorId: actor.id,
    action: "user.update",
    targetType: "user",
    targetId: input.userId,
    detail: { before: { role: before.role, teamId: before.teamId }, after: { role: input.role, teamId: input.teamId } },
  });
  return { ok: true, message: `${before.name} updated.` };
}

export const deactivateSchema = z.object({
  userId: z.string().uuid(),
  deactivate: z.enum(["true", "false"]).transform((v) => v === "true"),
});

export async function setDeactivated(
  db: Db,
  actor: SessionUser,
  input: z.infer<typeof deactivateSchema>,
): Promise<AdminResult> {
  if (input.userId === actor.id) return { ok: false, message: "You cannot deactivate your own account." };
  // The one deactivation path (sessions, queued shares, audit) that SSO and SCIM will use too.
  const result = input.deactivate
    ? await deactivateUser(db, { userId: input.userId, actorId: actor.id, source: "admin" })
    : await reactivateUser(db, { userId: input.userId, actorId: actor.id, source: "admin" });
  return result.ok ? { ok: true, message: result.message } : { ok: false, message: result.message };
}

export const teamNameSchema = z.object({
  name: z
    .string()
    .trim()
    .min(2, "Team names need at least 2 characters")
    .max(60, "Keep team names under 60 characters"),
});

export async function createTeam(
  db: Db,
  actor: SessionUser,
  input: z.infer<typeof teamNameSchema>,
): Promise<AdminResult> {
  const [team] = await db.insert(teams).values({ name: input.name }).onConflictDoNothing().returning({ id: teams.id });
  if (!team) return { ok: false, field: "name", message: "A team with this name already exists." };
  await audit(db, {
    actorId: actor.id,
    action: "team.create",
    targetType: "team",
    targetId: team.id,
    detail: { name: input.name },
  });
  return { ok: true, message: `Team ${input.name} created.` };
}

export const renameTeamSchema = teamNameSchema.extend({ teamId: z.string().uuid() });

export async function renameTeam(
  db: Db,
  actor: SessionUser,
  input: z.infer<typeof renameTeamSchema>,
): Promise<AdminResult> {
  const [clash] = await db.select({ id: teams.id }).from(teams).where(eq(teams.name, input.name));
  if (clash && clash.id !== input.teamId)
    return { ok: false, field: "name", message: "A team with this name already exists." };
  // The check above reads before the write: a rename racing another can still meet the unique name.
  const team = await db
    .update(teams)
    .set({ name: input.name })
    .where(eq(teams.id, input.teamId))
    .returning({ id: teams.id })
    .then((r) => r[0], constraintProblem);
  if (team && "problem" in team) return { ok: false, ...team.problem };
  if (!team) return { ok: false, message: "That team no longer exists." };
  await audit(db, {
    actorId: actor.id,
    action: "team.rename",
    targetType: "team",
    targetId: input.teamId,
    detail: { name: input.name },
  });
  return { ok: true, message: `Team renamed to ${input.name}.` };
}

export const deleteTeamSchema = z.object({ teamId: z.string().uuid() });

export async function deleteTeam(
  db: Db,
  actor: SessionUser,
  input: z.infer<typeof deleteTeamSchema>,
): Promise<AdminResult> {
  const [members] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(eq(users.teamId, input.teamId));
  if ((members?.n ?? 0) > 0)
    return { ok: false, message: "Move this team's members to another team before deleting it." };
  const [team] = await db.delete(teams).where(eq(teams.id, input.teamId)).returning({ name: teams.name });
  if (!team) return { ok: false, message: "That team no longer exists." };
  await audit(db, {
    actorId: actor.id,
    action: "team.delete",
    targetType: "team",
    targetId: input.teamId,
    detail: { name: team.name },
  });
  return { ok: true, message: `Team ${team.name} deleted.` };
}

export const domainSchema = z.object({
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .transform((d) => d.replace(/^@/, ""))
    .pipe(
      z
        .string()
        .regex(
          /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
          "Enter a domain such as example.com",
        ),
    ),
});

export async function addDomain(db: Db, actor: SessionUser, input: z.infer<typeof domainSchema>): Promise<AdminResult> {
  const [row] = await db
    .insert(allowedDomains)
    .values({ domain: input.domain, createdBy: actor.id })
    .onConflictDoNothing()
    .returning();
  if (!row) return { ok: false, field: "domain", message: `${input.domain} is already allowed.` };
  await audit(db, { actorId: actor.id, action: "domain.add", targetType: "allowed_domain", targetId: input.domain });
  return { ok: true, message: `People with an @${input.domain} address can now sign up.` };
}

export async function removeDomain(
  db: Db,
  actor: SessionUser,
  input: z.infer<typeof domainSchema>,
): Promise<AdminResult> {
  const [row] = await db.delete(allowedDomains).where(eq(allowedDomains.domain, input.domain)).returning();
  if (!row) return { ok: false, message: `${input.domain} was not in the list.` };
  await audit(db, { actorId: actor.id, action: "domain.remove", targetType: "allowed_domain", targetId: input.domain });
  return { ok: true, message: `${input.domain} removed. Existing accounts keep working.` };
}

export function listDomains(db: Db) {
  return db.select().from(allowedDomains).orderBy(asc(allowedDomains.domain));
}

export function listAudit(db: Db, limit = 200) {
  return db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      detail: auditLog.detail,
      createdAt: auditLog.createdAt,
      actorName: users.name,
    })
    .from(auditLog)
    .leftJoin(users, eq(auditLog.actorId, users.id))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit);
}

export function listPendingInvitations(db: Db) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
    })
    .from(invitations)
    .orderBy(desc(invitations.createdAt))
    .limit(50);
}
