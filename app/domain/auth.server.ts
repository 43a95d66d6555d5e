import { hash, verify } from "@node-rs/argon2";
import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { LinkedIn } from "arctic";
import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { Lucia, type Session } from "lucia";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db } from "../../db/client.server";
import { allowedDomains, invitations, loginAttempts, oauthIdentities, sessions, users } from "../../db/schema";
import { getEnv } from "../env.server";
import { audit } from "./audit.server";

import { ROLES, type Role } from "./roles";
export { ROLES, type Role };

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  teamId: string | null;
  timeZone: string;
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    DatabaseUserAttributes: {
      email: string;
      name: string;
      role: Role;
      // The drizzle adapter hands over rows keyed by the schema's field names (camelCase).
      teamId: string | null;
      timeZone: string;
      deactivatedAt: Date | null;
    };
  }
}

function createLucia(db: Db) {
  const secure = (getEnv().APP_URL ?? "").startsWith("https://");
  return new Lucia(new DrizzlePostgreSQLAdapter(db as never, sessions, users), {
    sessionExpiresIn: undefined,
    sessionCookie: { name: "chorus_session", attributes: { secure, sameSite: "lax" } },
    getUserAttributes: (a) => ({
      email: a.email,
      name: a.name,
      role: a.role,
      teamId: a.teamId,
      timeZone: a.timeZone,
      deactivatedAt: a.deactivatedAt,
    }),
  });
}

const lucias = new WeakMap<object, ReturnType<typeof createLucia>>();
export function getLucia(db: Db) {
  let lucia = lucias.get(db);
  if (!lucia) {
    lucia = createLucia(db);
    lucias.set(db, lucia);
  }
  return lucia;
}

// ---------- passwords ----------

// algorithm 2 is Argon2id (the package exports it as a const enum, which isolatedModules cannot read).
const ARGON = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
export const hashPassword = (password: string) => hash(password, ARGON);
export const verifyPassword = (hashed: string, password: string) => verify(hashed, password).catch(() => false);

// ---------- sessions ----------

export async function createSessionCookie(db: Db, userId: string): Promise<string> {
  const lucia = getLucia(db);
  const session = await lucia.createSession(userId, {});
  await db.update(users).set({ lastActiveAt: new Date() }).where(eq(users.id, userId));
  return lucia.createSessionCookie(session.id).serialize();
}

type FoundSession = { user: SessionUser; session: Session } | null;

// Every loader of a page (the layout's and the page's, run side by side) asks for the session; one
// lookup per HTTP request is enough. Remix hands each loader its own copy of the Request, so the
// lookup is kept on the load context, which they share. Only reads: the loaders that follow an
// action (a sign-out, a role change) look again.
const sessionsByContext = new WeakMap<object, Map<string, Promise<FoundSession>>>();

export function readSession(db: Db, request: Request, context?: object): Promise<FoundSession> {
  if (!context || (request.method !== "GET" && request.method !== "HEAD")) return lookupSession(db, request);
  const cookie = request.headers.get("Cookie") ?? "";
  let byCookie = sessionsByContext.get(context);
  if (!byCookie) sessionsByContext.set(context, (byCookie = new Map()));
  let found = byCookie.get(cookie);
  if (!found) byCookie.set(cookie, (found = lookupSession(db, request)));
  return found;
}

/** The session id the request's cookie carries (not yet checked). */
export function sessionIdOf(db: Db, request: Request): string | null {
  return getLucia(db).readSessionCookie(request.headers.get("Cookie") ?? "");
}

async function lookupSession(db: Db, request: Request): Promise<FoundSession> {
  const lucia = getLucia(db);
  const sessionId = lucia.readSessionCookie(request.headers.get("Cookie") ?? "");
  if (!sessionId) return null;
  const { session, user } = await lucia.validateSession(sessionId);
  if (!session || !user || user.deactivatedAt) return null;
  return {
    session,
    user: { id: user.id, email: user.email, name: user.name, role: user.role, teamId: user.teamId, timeZone: user.timeZone },
  };
}

export async function destroySessionCookie(db: Db, request: Request): Promise<string> {
  const lucia = getLucia(db);
  const sessionId = lucia.readSessionCookie(request.headers.get("Cookie") ?? "");
  if (sessionId) await lucia.invalidateSession(sessionId);
  return lucia.createBlankSessionCookie().serialize();
}

export async function pruneExpiredSessions(db: Db, now = new Date()): Promise<number> {
  const deleted = await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id });
  await db.delete(loginAttempts).where(lt(loginAttempts.createdAt, new Date(now.getTime() - 24 * 3600_000)));
  return deleted.length;
}

// ---------- sign-in with throttling ----------

export const THROTTLE = { windowMinutes: 15, maxFailuresPerEmail: 5, maxFailuresPerIp: 30 } as const;

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid e-mail address"),
  password: z.string().min(1, "Enter your password"),
});

export type SignInResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "invalid" | "throttled" | "deactivated"; message: string };

async function recentFailures(db: Db, key: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.key, key), eq(loginAttempts.succeeded, false), gt(loginAttempts.createdAt, since)));
  return row?.n ?? 0;
}

export async function signInWithPassword(
  db: Db,
  input: { email: string; password: string; ip: string },
  now = new Date(),
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const since = new Date(now.getTime() - THROTTLE.windowMinutes * 60_000);
  const emailKey = `email:${email}`;
  const ipKey = `ip:${input.ip}`;
  if (
    (await recentFailures(db, emailKey, since)) >= THROTTLE.maxFailuresPerEmail ||
    (await recentFailures(db, ipKey, since)) >= THROTTLE.maxFailuresPerIp
  ) {
    return {
      ok: false,
      reason: "throttled",
      message: `Too many failed sign-in attempts. Wait ${THROTTLE.windowMinutes} minutes and try again, or sign in with LinkedIn.`,
    };
  }
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${email}`).limit(1);
  const valid = user?.passwordHash ? await verifyPassword(user.passwordHash, input.password) : false;
  await db.insert(loginAttempts).values([
    { key: emailKey, succeeded: valid, createdAt: now },
    { key: ipKey, succeeded: valid, createdAt: now },
  ]);
  if (!user || !valid) return { ok: false, reason: "invalid", message: "E-mail or password is incorrect." };
  if (user.deactivatedAt) {
    return { ok: false, reason: "deactivated", message: "This account has been deactivated. Ask your admin to restore it." };
  }
  return { ok: true, userId: user.id };
}

// ---------- sign-up: allowed domains or an invitation ----------

export const signUpSchema = z.object({
  name: z.string().trim().min(2, "Enter your name").max(100, "Keep your name under 100 characters"),
  email: z.string().trim().toLowerCase().email("Enter a valid e-mail address"),
  password: z
    .string()
    .min(10, "Use at least 10 characters")
    .max(200, "Use at most 200 characters"),
  timeZone: z.string().refine(isTimeZone, "Pick a time zone from the list"),
  invite: z.string().optional(),
});

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return tz.length > 0;
  } catch {
    return false;
  }
}

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
export const newToken = () => randomBytes(32).toString("base64url");

export async function findInvitation(db: Db, token: string, now = new Date()) {
  const [invite] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.tokenHash, hashToken(token)), isNull(invitations.acceptedAt), gt(invitations.expiresAt, now)))
    .limit(1);
  return invite ?? null;
}

export async function isAllowedDomain(db: Db, email: string): Promise<boolean> {
  const domain = email.split("@")[1]?.toLowerCase();
  if (!domain) return false;
  const [row] = await db.select().from(allowedDomains).where(eq(allowedDomains.domain, domain)).limit(1);
  return Boolean(row);
}

export type SignUpResult =
  | { ok: true; userId: string }
  | { ok: false; field: "email" | "invite"; message: string };

export async function signUp(db: Db, input: z.infer<typeof signUpSchema>, now = new Date()): Promise<SignUpResult> {
  const email = input.email.toLowerCase();
  const invite = input.invite ? await findInvitation(db, input.invite, now) : null;
  if (input.invite && !invite) {
    return { ok: false, field: "invite", message: "This invitation is invalid or has expired. Ask your admin for a new one." };
  }
  if (invite && invite.email.toLowerCase() !== email) {
    return { ok: false, field: "email", message: `This invitation is for ${invite.email}. Sign up with that address.` };
  }
  if (!invite && !(await isAllowedDomain(db, email))) {
    return {
      ok: false,
      field: "email",
      message: "Sign-up is open to company e-mail addresses only. Use your work address or ask your admin for an invitation.",
    };
  }
  const [existing] = await db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email}`).limit(1);
  if (existing) return { ok: false, field: "email", message: "An account with this e-mail already exists. Sign in instead." };

  const passwordHash = await hashPassword(input.password);
  const userId = await db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({
        email,
        name: input.name,
        passwordHash,
        timeZone: input.timeZone,
        role: invite?.role ?? "rep",
        teamId: invite?.teamId ?? null,
      })
      .returning({ id: users.id });
    if (invite) await tx.update(invitations).set({ acceptedAt: now }).where(eq(invitations.id, invite.id));
    return user!.id;
  });
  await audit(db, { actorId: userId, action: "user.sign_up", targetType: "user", targetId: userId, detail: { via: invite ? "invitation" : "domain" } });
  return { ok: true, userId };
}

// ---------- Sign in with LinkedIn (OpenID Connect) ----------

export const LINKEDIN_USERINFO_URL = "https://api.linkedin.com/v2/userinfo";
export const LINKEDIN_SCOPES = ["openid", "profile", "email"];

export function linkedInClient(origin: string) {
  const env = getEnv();
  return new LinkedIn(env.LINKEDIN_CLIENT_ID, env.LINKEDIN_CLIENT_SECRET, `${origin}/auth/linkedin/callback`);
}

const linkedInUserInfoSchema = z.object({
  sub: z.string().min(1),
  name: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  email: z.string().email(),
  email_verified: z.boolean().optional(),
  picture: z.string().url().optional(),
});

export type LinkedInResult =
  | { ok: true; userId: string; created: boolean }
  | { ok: false; message: string };

/** Exchanges the code, reads the OIDC userinfo, and finds or creates the matching user. */
export async function completeLinkedInSignIn(db: Db, input: { code: string; origin: string }): Promise<LinkedInResult> {
  let accessToken: string;
  try {
    const tokens = await linkedInClient(input.origin).validateAuthorizationCode(input.code);
    accessToken = tokens.accessToken();
  } catch {
    return { ok: false, message: "LinkedIn did not accept the sign-in. Please try again." };
  }
  const response = await fetch(LINKEDIN_USERINFO_URL, { headers: { Authorization: `Bearer ${accessToken}` } });
  if (!response.ok) return { ok: false, message: "LinkedIn did not return your profile. Please try again." };
  const parsed = linkedInUserInfoSchema.safeParse(await response.json());
  if (!parsed.success) return { ok: false, message: "LinkedIn returned a profile without an e-mail address." };
  const profile = parsed.data;
  const email = profile.email.toLowerCase();

  const [identity] = await db
    .select({ userId: oauthIdentities.userId })
    .from(oauthIdentities)
    .where(and(eq(oauthIdentities.provider, "linkedin"), eq(oauthIdentities.providerUserId, profile.sub)))
    .limit(1);
  let userId = identity?.userId;
  let created = false;
  if (!userId) {
    const [existing] = await db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email}`).limit(1);
    if (existing) {
      if (profile.email_verified === false) {
        return { ok: false, message: "Your LinkedIn e-mail is not verified. Verify it on LinkedIn or sign in with your password." };
      }
      userId = existing.id;
    } else {
      const [invite] = await db
        .select()
        .from(invitations)
        .where(and(sql`lower(${invitations.email}) = ${email}`, isNull(invitations.acceptedAt), gt(invitations.expiresAt, new Date())))
        .limit(1);
      if (!invite && !(await isAllowedDomain(db, email))) {
        return { ok: false, message: `${email} is not a company address. Ask your admin for an invitation.` };
      }
      const name = profile.name ?? [profile.given_name, profile.family_name].filter(Boolean).join(" ") ?? email;
      const [user] = await db
        .insert(users)
        .values({ email, name: name || email, role: invite?.role ?? "rep", teamId: invite?.teamId ?? null, avatarUrl: profile.picture })
        .returning({ id: users.id });
      userId = user!.id;
      created = true;
      if (invite) await db.update(invitations).set({ acceptedAt: new Date() }).where(eq(invitations.id, invite.id));
    }
    await db
      .insert(oauthIdentities)
      .values({ provider: "linkedin", providerUserId: profile.sub, userId, email })
      .onConflictDoNothing();
  }
  const [user] = await db.select({ deactivatedAt: users.deactivatedAt }).from(users).where(eq(users.id, userId));
  if (user?.deactivatedAt) return { ok: false, message: "This account has been deactivated. Ask your admin to restore it." };
  if (created) await audit(db, { actorId: userId, action: "user.sign_up", targetType: "user", targetId: userId, detail: { via: "linkedin" } });
  return { ok: true, userId, created };
}
