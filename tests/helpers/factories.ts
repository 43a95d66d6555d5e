import { eq } from "drizzle-orm";
import { createSessionCookie, hashPassword } from "~/domain/auth.server";
import type { Role } from "~/domain/roles";
import { teams, users } from "../../db/schema";
import type { Db } from "../../db/client.server";
import type { AppLoadContext } from "@remix-run/node";
import "~/context";

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function createTeam(db: Db, name = `Team ${unique()}`) {
  const [team] = await db.insert(teams).values({ name }).returning();
  return team!;
}

export async function createUser(
  db: Db,
  overrides: Partial<typeof users.$inferInsert> & { role?: Role; password?: string } = {},
) {
  const { password, ...rest } = overrides;
  const [user] = await db
    .insert(users)
    .values({
      email: `user-${unique()}@acme.test`,
      name: `Test ${rest.role ?? "rep"} ${unique()}`,
      role: "rep",
      timeZone: "UTC",
      passwordHash: password ? await hashPassword(password) : null,
      ...rest,
    })
    .returning();
  return user!;
}

export async function reloadUser(db: Db, id: string) {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user;
}

/** A cookie header value for a signed-in user: `chorus_session=…`. */
export async function cookieFor(db: Db, userId: string): Promise<string> {
  return (await createSessionCookie(db, userId)).split(";")[0]!;
}

export function contextFor(db: Db, clientIp = "203.0.113.7"): AppLoadContext {
  return { db, clientIp, cspNonce: "test-nonce" };
}

export const ORIGIN = "http://chorus.test";

export function formRequest(path: string, fields: Record<string, string | string[]>, cookie?: string): Request {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
  return new Request(`${ORIGIN}${path}`, {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: ORIGIN,
      ...(cookie ? { Cookie: cookie } : {}),
    },
  });
}

export function getRequest(path: string, cookie?: string): Request {
  return new Request(`${ORIGIN}${path}`, { headers: cookie ? { Cookie: cookie } : {} });
}

/** Runs a loader/action and returns the Response it returned or threw. */
export async function settle(promise: Promise<unknown>): Promise<unknown> {
  try {
    return await promise;
  } catch (thrown) {
    return thrown;
  }
}

/** Remix single-fetch `data()` results and plain objects alike: the payload and status. */
export function unwrap<T = Record<string, unknown>>(result: unknown): { status: number; data: T } {
  if (result && typeof result === "object" && (result as { type?: string }).type === "DataWithResponseInit") {
    const r = result as { data: T; init?: { status?: number } };
    return { status: r.init?.status ?? 200, data: r.data };
  }
  return { status: 200, data: result as T };
}
