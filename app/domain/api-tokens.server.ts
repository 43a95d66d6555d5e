import { and, desc, eq, isNull, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { apiTokenHits, apiTokens, users } from "../../db/schema";
import { audit } from "./audit.server";
import { hashToken, newToken } from "./auth.server";
import type { Db } from "../../db/client.server";

/** Requests one token may make per minute, counted in Postgres so every process shares the limit. */
export const API_RATE_LIMIT = 60;
const TOKEN_PREFIX = "chorus_";

export const createTokenSchema = z.object({
  name: z.string().trim().min(2, "Name the token after what uses it").max(80, "Keep the name under 80 characters"),
});

/** Creates a token; the plain value is returned once and only its sha256 hash is stored. */
export async function createApiToken(db: Db, actorId: string, name: string): Promise<{ id: string; token: string }> {
  const token = TOKEN_PREFIX + newToken();
  const [row] = await db
    .insert(apiTokens)
    .values({ name, tokenHash: hashToken(token), createdBy: actorId })
    .returning({ id: apiTokens.id });
  if (!row) throw new Error("Inserting the API token returned no row");
  await audit(db, {
    actorId,
    action: "api_token.create",
    targetType: "api_token",
    targetId: row.id,
    detail: { name },
  });
  return { id: row.id, token };
}

export async function revokeApiToken(
  db: Db,
  { actorId, tokenId: id, now = new Date() }: { actorId: string; tokenId: string; now?: Date },
): Promise<boolean> {
  const [revoked] = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ name: apiTokens.name });
  if (!revoked) return false;
  await audit(db, {
    actorId,
    action: "api_token.revoke",
    targetType: "api_token",
    targetId: id,
    detail: { name: revoked.name },
  });
  return true;
}

export function listApiTokens(db: Db) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      createdBy: users.name,
    })
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.createdBy))
    .orderBy(sql`${apiTokens.revokedAt} is not null`, desc(apiTokens.createdAt));
}

export type TokenCheck =
  | { ok: true; tokenId: string; remaining: number }
  | { ok: false; status: 401; error: string }
  | { ok: false; status: 429; error: string; retryAfter: number };

/** Authenticates `Authorization: Bearer <token>` and counts the request against the token's per-minute limit. */
export async function authenticateApiRequest(
  db: Db,
  authorization: string | null,
  now = new Date(),
): Promise<TokenCheck> {
  const presented = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
  if (!presented) return { ok: false, status: 401, error: "Send an API token as: Authorization: Bearer <token>." };
  const [token] = await db
    .select({ id: apiTokens.id, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.tokenHash, hashToken(presented)));
  if (!token || token.revokedAt)
    return { ok: false, status: 401, error: "The API token is unknown or has been revoked." };
  const windowStart = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const [hit] = await db
    .insert(apiTokenHits)
    .values({ tokenId: token.id, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: [apiTokenHits.tokenId, apiTokenHits.windowStart],
      set: { count: sql`${apiTokenHits.count} + 1` },
    })
    .returning({ count: apiTokenHits.count });
  if (!hit) throw new Error("Counting the API token's request returned no row");
  if (hit.count === 1) {
    // First request of a new window: forget this token's older windows and note the use.
    await db
      .delete(apiTokenHits)
      .where(and(eq(apiTokenHits.tokenId, token.id), lt(apiTokenHits.windowStart, windowStart)));
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, token.id));
  }
  if (hit.count > API_RATE_LIMIT) {
    const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + 60_000 - now.getTime()) / 1000));
    return {
      ok: false,
      status: 429,
      error: `Rate limit of ${API_RATE_LIMIT} requests per minute reached; retry in ${retryAfter} s.`,
      retryAfter,
    };
  }
  return { ok: true, tokenId: token.id, remaining: API_RATE_LIMIT - hit.count };
}
