import { createHash, randomBytes } from "node:crypto";
import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { hash, verify } from "@node-rs/argon2";
import { LinkedIn } from "arctic";
import { and, eq, gt, inArray, isNull, lt, sql } from "drizzle-orm";
import { Lucia, type Session } from "lucia";
import { z } from "zod";
import {
  allowedDomains,
  identityLinkRequests,
  invitations,
  loginAttempts,
  loginThrottle,
  notifications,
  oauthIdentities,
  sessions,
  users,
} from "../../db/schema";
import { getEnv } from "../env.server";
import { audit } from "./audit.server";
import { isUniqueViolation } from "./db-errors.server";
import { ROLES, type Role } from "./roles";
import type { Db } from "../../db/client.server";
import type { SignInMessageKey } from "./sign-in-messages";

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
      /** Read with the session (SessionAdapter below), for the sidebar's count. */
      unreadNotifications?: number;
    };
  }
}

/**
 * Lucia's drizzle adapter, with the person's unread notifications counted in the same statement that reads
 * the session and the user: every page shows the count, and a second round trip per page cost more server
 * CPU than the count itself (decision 025).
 */
class SessionAdapter extends DrizzlePostgreSQLAdapter {
  constructor(private readonly database: Db) {
    super(database as never, sessions, users);
  }
  override async getSessionAndUser(sessionId: string): ReturnType<DrizzlePostgreSQLAdapter["getSessionAndUser"]> {
    const result = await this.database
      .select({
        user: users,
        session: sessions,
        unread: sql<number>`(select count(*)::int from ${notifications} n
                             where n.user_id = ${users.id} and n.read_at is null)`,
      })
      .from(sessions)
      .innerJoin(users, eq(sessions.userId, users.id))
      .where(eq(sessions.id, sessionId));
    const [row] = result;
    if (result.length !== 1 || !row) return [null, null];
    const { id, userId, expiresAt, ...sessionAttributes } = row.session;
    const { id: uid, ...userAttributes } = row.user;
    return [
      { id, userId, expiresAt, attributes: sessionAttributes },
      { id: uid, attributes: { ...userAttributes, unreadNotifications: Number(row.unread) } },
    ];
  }
}

function createLucia(db: Db) {
  const secure = (getEnv().APP_URL ?? "").startsWith("https://");
  return new Lucia(new SessionAdapter(db), {
    sessionExpiresIn: undefined,
    sessionCookie: { name: "chorus_session", attributes: { secure, sameSite: "lax" } },
    getUserAttributes: (a) => ({
      email: a.email,
      name: a.name,
      role: a.role,
      teamId: a.teamId,
      timeZone: a.timeZone,
      deactivatedAt: a.deactivatedAt,
      unreadNotifications: a.unreadNotifications ?? 0,
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

// An unknown e-mail (or an account without a password) is checked against this hash, so it costs
// one Argon2 verification like a known one and the answer's timing does not tell them apart.
let timingHash: Promise<string> | undefined;
const dummyHash = () => (timingHash ??= hashPassword(randomBytes(18).toString("base64url")));

// ---------- sessions ----------

export async function createSessionCookie(db: Db, userId: string): Promise<string> {
  const lucia = getLucia(db);
  const session = await lucia.createSession(userId, {});
  await db.update(users).set({ lastActiveAt: new Date() }).where(eq(users.id, userId));
  return lucia.createSessionCookie(session.id).serialize();
}

/** The session, its person and their unread notifications (read in the same statement). */
type FoundSession = { user: SessionUser; session: Session; unread: number } | null;

// Every loader of a page (the layout's and the page's, run side by side) asks for the session; one
// lookup per HTTP request is enough. Remix hands each loader its own copy of the Request, so the
// lookup is kept on the load context, which they share. Only reads: the loaders that follow an
// action (a sign-out, a role change) look again.
const sessionsByContext = new WeakMap<object, Map<string, Promise<FoundSession>>>();

export function readSession(db: Db, request: Request, context?: object): Promise<FoundSession> {
  if (!context || (request.method !== "GET" && request.method !== "HEAD")) return lookupSession(db, request);
  const cookie = request.headers.get("Cookie") ?? "";
  let byCookie = sessionsByContext.get(context);
  if (!byCookie) sessionsByContext.set(context, (byCookie = new Map<string, Promise<FoundSession>>()));
  let found = byCookie.get(cookie);
  if (!found) byCookie.set(cookie, (found = lookupSession(db, request)));
  return found;
}

async function lookupSession(db: Db, request: Request): Promise<FoundSession> {
  const lucia = getLucia(db);
  const sessionId = lucia.readSessionCookie(request.headers.get("Cookie") ?? "");
  if (!sessionId) return null;
  const { session, user } = await lucia.validateSession(sessionId);
  if (!session || !user || user.deactivatedAt) return null;
  return {
    session,
    unread: user.unreadNotifications,
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      teamId: user.teamId,
      timeZone: user.timeZone,
    },
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
  await db
    .delete(loginThrottle)
    .where(lt(loginThrottle.windowStart, new Date(now.getTime() - THROTTLE.windowMinutes * 60_000)));
  await db.delete(identityLinkRequests).where(lt(identityLinkRequests.expiresAt, now));
  return deleted.length;
}

// ---------- sign-in with throttling ----------

export const THROTTLE = { windowMinutes: 15, maxFailuresPerEmail: 5, maxFailuresPerIp: 30 } as const;

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid e-mail address"),
  password: z.string().min(1, "Enter your password"),
});

export type SignInResult =
  { ok: true; userId: string } | { ok: false; reason: "invalid" | "throttled" | "deactivated"; message: string };

/**
 * Takes one try for each key and returns each key's tries in the window, in ONE statement: the
 * upsert locks the key's row, so parallel attempts are counted one after another and the 6th of
 * 25 simultaneous ones sees 6 (a count-then-insert let 7 of 25 through). A try is taken before
 * the password is checked and given back when it was right, so only failures stay counted.
 */
async function takeTries(db: Db, keys: string[], now: Date): Promise<Map<string, number>> {
  const windowOpened = new Date(now.getTime() - THROTTLE.windowMinutes * 60_000).toISOString();
  const windowEnded = sql`"login_throttle"."window_start" <= ${windowOpened}::timestamptz`;
  const counted = await db
    .insert(loginThrottle)
    .values(keys.map((key) => ({ key, windowStart: now, attempts: 1 })))
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: {
        attempts: sql`case when ${windowEnded} then 1 else "login_throttle"."attempts" + 1 end`,
        windowStart: sql`case when ${windowEnded} then excluded.window_start else "login_throttle"."window_start" end`,
      },
    })
    .returning({ key: loginThrottle.key, attempts: loginThrottle.attempts });
  return new Map(counted.map((row) => [row.key, row.attempts]));
}

async function giveBackTries(db: Db, keys: string[]): Promise<void> {
  await db
    .update(loginThrottle)
    .set({ attempts: sql`greatest("login_throttle"."attempts" - 1, 0)` })
    .where(inArray(loginThrottle.key, keys));
}

export async function signInWithPassword(
  db: Db,
  input: { email: string; password: string; ip: string },
  now = new Date(),
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const emailKey = `email:${email}`;
  const ipKey = `ip:${input.ip}`;
  const tries = await takeTries(db, [emailKey, ipKey], now);
  if (
    (tries.get(emailKey) ?? 0) > THROTTLE.maxFailuresPerEmail ||
    (tries.get(ipKey) ?? 0) > THROTTLE.maxFailuresPerIp
  ) {
    return {
      ok: false,
      reason: "throttled",
      message: `Too many failed sign-in attempts. Wait ${THROTTLE.windowMinutes} minutes and try again, or sign in with LinkedIn.`,
    };
  }
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`)
    .limit(1);
  const valid = user?.passwordHash
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyPassword(await dummyHash(), input.password).then(() => false);
  if (valid) await giveBackTries(db, [emailKey, ipKey]);
  // The log of attempts (kept a day) is for people reading it; the throttle counts in login_throttle.
  await db.insert(loginAttempts).values([
    { key: emailKey, succeeded: valid, createdAt: now },
    { key: ipKey, succeeded: valid, createdAt: now },
  ]);
  if (!user || !valid) return { ok: false, reason: "invalid", message: "E-mail or password is incorrect." };
  if (user.deactivatedAt) {
    return {
      ok: false,
      reason: "deactivated",
      message: "This account has been deactivated. Ask your admin to restore it.",
    };
  }
  return { ok: true, userId: user.id };
}

// ---------- sign-up: allowed domains or an invitation ----------

export const signUpSchema = z.object({
  name: z.string().trim().min(2, "Enter your name").max(100, "Keep your name under 100 characters"),
  email: z.string().trim().toLowerCase().email("Enter a valid e-mail address"),
  password: z.string().min(10, "Use at least 10 characters").max(200, "Use at most 200 characters"),
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
    .where(
      and(eq(invitations.tokenHash, hashToken(token)), isNull(invitations.acceptedAt), gt(invitations.expiresAt, now)),
    )
    .limit(1);
  return invite ?? null;
}

export async function isAllowedDomain(db: Db, email: string): Promise<boolean> {
  const domain = email.split("@")[1]?.toLowerCase();
  if (!domain) return false;
  const [row] = await db.select().from(allowedDomains).where(eq(allowedDomains.domain, domain)).limit(1);
  return Boolean(row);
}

export type SignUpResult = { ok: true; userId: string } | { ok: false; field: "email" | "invite"; message: string };

export async function signUp(db: Db, input: z.infer<typeof signUpSchema>, now = new Date()): Promise<SignUpResult> {
  const email = input.email.toLowerCase();
  const invite = input.invite ? await findInvitation(db, input.invite, now) : null;
  if (input.invite && !invite) {
    return {
      ok: false,
      field: "invite",
      message: "This invitation is invalid or has expired. Ask your admin for a new one.",
    };
  }
  if (invite && invite.email.toLowerCase() !== email) {
    return { ok: false, field: "email", message: `This invitation is for ${invite.email}. Sign up with that address.` };
  }
  if (!invite && !(await isAllowedDomain(db, email))) {
    return {
      ok: false,
      field: "email",
      message:
        "Sign-up is open to company e-mail addresses only. Use your work address or ask your admin for an invitation.",
    };
  }
  const taken = {
    ok: false,
    field: "email",
    message: "An account with this e-mail already exists. Sign in instead.",
  } as const;
  const [existing] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`)
    .limit(1);
  if (existing) return taken;

  const passwordHash = await hashPassword(input.password);
  // Two sign-ups with one address can both pass the check above; the unique index on lower(email)
  // lets one through, and the other gets the same field message instead of a 500.
  const userId = await db
    .transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({
          email,
          name: input.name,
          passwordHash,
          timeZone: input.timeZone,
          // The picker starts on UTC until the page's script sets the browser's zone: UTC may be that default,
          // so the browser's zone is taken on the first visit (decision 019). Another zone was chosen.
          timeZoneSet: input.timeZone !== "UTC",
          role: invite?.role ?? "rep",
          teamId: invite?.teamId ?? null,
        })
        .returning({ id: users.id });
      if (!user) throw new Error("Inserting the user returned no row");
      if (invite) await tx.update(invitations).set({ acceptedAt: now }).where(eq(invitations.id, invite.id));
      return user.id;
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error, "users_email_lower_idx")) return null;
      throw error;
    });
  if (!userId) return taken;
  await audit(db, {
    actorId: userId,
    action: "user.sign_up",
    targetType: "user",
    targetId: userId,
    detail: { via: invite ? "invitation" : "domain" },
  });
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

/**
 * Roles whose account a LinkedIn identity joins only after the account's password is entered once:
 * staff publish to every rep and change settings, managers see their team's numbers. A rep's
 * account links on LinkedIn's word that the address is verified (decision 009).
 */
export const PASSWORD_TO_LINK: readonly Role[] = ["admin", "marketer", "manager"];
const LINK_REQUEST_MINUTES = 10;

export type LinkedInResult =
  | { ok: true; userId: string; created: boolean }
  | { ok: false; reason: SignInMessageKey }
  | { ok: false; reason: "needs_password"; linkToken: string; email: string };

/** Exchanges the code, reads the OIDC userinfo, and finds or creates the matching user. */
export async function completeLinkedInSignIn(
  db: Db,
  input: { code: string; origin: string },
  now = new Date(),
): Promise<LinkedInResult> {
  let accessToken: string;
  try {
    const tokens = await linkedInClient(input.origin).validateAuthorizationCode(input.code);
    accessToken = tokens.accessToken();
  } catch {
    return { ok: false, reason: "rejected" };
  }
  const response = await fetch(LINKEDIN_USERINFO_URL, { headers: { Authorization: `Bearer ${accessToken}` } });
  if (!response.ok) return { ok: false, reason: "profile" };
  const parsed = linkedInUserInfoSchema.safeParse(await response.json());
  if (!parsed.success) return { ok: false, reason: "no_email" };
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
    // An address vouches for a person only when LinkedIn says it checked it; a missing claim is a no.
    if (profile.email_verified !== true) return { ok: false, reason: "unverified" };
    const [existing] = await db
      .select({ id: users.id, role: users.role, passwordHash: users.passwordHash, deactivatedAt: users.deactivatedAt })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`)
      .limit(1);
    if (existing) {
      if (existing.deactivatedAt) return { ok: false, reason: "deactivated" };
      if (PASSWORD_TO_LINK.includes(existing.role)) {
        if (!existing.passwordHash) return { ok: false, reason: "privileged" };
        const linkToken = await createLinkRequest(db, { userId: existing.id, providerUserId: profile.sub, email }, now);
        return { ok: false, reason: "needs_password", linkToken, email };
      }
      userId = existing.id;
    } else {
      const [invite] = await db
        .select()
        .from(invitations)
        .where(
          and(
            sql`lower(${invitations.email}) = ${email}`,
            isNull(invitations.acceptedAt),
            gt(invitations.expiresAt, now),
          ),
        )
        .limit(1);
      if (!invite && !(await isAllowedDomain(db, email))) return { ok: false, reason: "not_company" };
      const name = profile.name ?? [profile.given_name, profile.family_name].filter(Boolean).join(" ");
      // Two callbacks for one new address at once: the unique index lets one create the account.
      const [user] = await db
        .insert(users)
        .values({
          email,
          name: name || email,
          // LinkedIn gives no zone: UTC until the browser's is taken on the first page (decision 019).
          timeZoneSet: false,
          role: invite?.role ?? "rep",
          teamId: invite?.teamId ?? null,
          avatarUrl: profile.picture,
        })
        .returning({ id: users.id })
        .catch((error: unknown) => {
          if (isUniqueViolation(error, "users_email_lower_idx")) return [];
          throw error;
        });
      if (!user) return { ok: false, reason: "failed" };
      userId = user.id;
      created = true;
      if (invite) await db.update(invitations).set({ acceptedAt: now }).where(eq(invitations.id, invite.id));
    }
    await db
      .insert(oauthIdentities)
      .values({ provider: "linkedin", providerUserId: profile.sub, userId, email })
      .onConflictDoNothing();
  }
  const [user] = await db.select({ deactivatedAt: users.deactivatedAt }).from(users).where(eq(users.id, userId));
  if (user?.deactivatedAt) return { ok: false, reason: "deactivated" };
  if (created)
    await audit(db, {
      actorId: userId,
      action: "user.sign_up",
      targetType: "user",
      targetId: userId,
      detail: { via: "linkedin" },
    });
  return { ok: true, userId, created };
}

// ---------- linking LinkedIn to an account that needs its password first ----------

async function createLinkRequest(
  db: Db,
  input: { userId: string; providerUserId: string; email: string },
  now: Date,
): Promise<string> {
  const token = newToken();
  await db.insert(identityLinkRequests).values({
    tokenHash: hashToken(token),
    userId: input.userId,
    provider: "linkedin",
    providerUserId: input.providerUserId,
    email: input.email,
    expiresAt: new Date(now.getTime() + LINK_REQUEST_MINUTES * 60_000),
  });
  return token;
}

/** The pending link a browser's cookie names, while it has not expired. */
export async function findLinkRequest(db: Db, token: string | null | undefined, now = new Date()) {
  if (!token) return null;
  const [request] = await db
    .select()
    .from(identityLinkRequests)
    .where(and(eq(identityLinkRequests.tokenHash, hashToken(token)), gt(identityLinkRequests.expiresAt, now)))
    .limit(1);
  return request ?? null;
}

/**
 * After a password sign-in: attaches the pending LinkedIn identity when it was waiting for this very
 * account. The request is used up either way, so a token works once.
 */
export async function completeLinkRequest(
  db: Db,
  { token, userId, now = new Date() }: { token: string | null | undefined; userId: string; now?: Date },
) {
  const request = await findLinkRequest(db, token, now);
  if (!request) return false;
  await db.delete(identityLinkRequests).where(eq(identityLinkRequests.tokenHash, request.tokenHash));
  if (request.userId !== userId) return false;
  await db
    .insert(oauthIdentities)
    .values({ provider: request.provider, providerUserId: request.providerUserId, userId, email: request.email })
    .onConflictDoNothing();
  await audit(db, {
    actorId: userId,
    action: "user.link_identity",
    targetType: "user",
    targetId: userId,
    detail: { provider: request.provider },
  });
  return true;
}
