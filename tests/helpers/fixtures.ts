import { eq } from "drizzle-orm";
import { saveAccount } from "~/domain/accounts.server";
import type { SessionUser } from "~/domain/auth.server";
import { newLinkCode } from "~/domain/links.server";
import type { Network } from "~/domain/networks";
import { contentItems, contentMessages, shares, users } from "../../db/schema";
import { createUser } from "./factories";
import type { Db } from "../../db/client.server";

// Rows most tests build on: a published item and its messages, a rep who accepted the policy, a connected
// account, a share queued for the API.

export async function createItem(db: Db, overrides: Partial<typeof contentItems.$inferInsert> = {}) {
  const [item] = await db
    .insert(contentItems)
    .values({
      type: "article",
      title: "Hybrid cloud costs",
      summary: "Where savings come from",
      url: "https://www.northwind.example/articles/hybrid",
      status: "published",
      publishAt: new Date("2026-01-01T00:00:00Z"),
      ...overrides,
    })
    .returning();
  return item!;
}

export async function addMessages(db: Db, itemId: string, network: Network, bodies: string[]) {
  await db.insert(contentMessages).values(bodies.map((body, position) => ({ itemId, network, body, position })));
}

/** A rep who accepted the policy, as the session sees them. */
export async function createRep(db: Db, overrides: Parameters<typeof createUser>[1] = {}): Promise<SessionUser> {
  const user = await createUser(db, { role: "rep", policyAcceptedAt: new Date("2026-01-01T00:00:00Z"), ...overrides });
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    teamId: user.teamId,
    timeZone: user.timeZone,
  };
}

export async function connect(db: Db, userId: string, network: Network, token = `mock_${network}_token`) {
  return saveAccount(db, {
    userId,
    network,
    externalId: network === "facebook" ? "104000000000001" : `person-${userId.slice(0, 8)}`,
    displayName: "Test account",
    pageId: network === "facebook" ? "104000000000001" : null,
    accessToken: token,
    refreshToken: null,
    expiresAt: new Date("2027-01-01T00:00:00Z"),
  });
}

/** A scheduled API share due at `at`, as the composer would have queued it. */
export async function queueShare(
  db: Db,
  input: { userId: string; itemId: string; network: Network; at: Date; text?: string },
) {
  const code = newLinkCode();
  const [share] = await db
    .insert(shares)
    .values({
      userId: input.userId,
      itemId: input.itemId,
      network: input.network,
      method: "api",
      text: `${input.text ?? "Worth a read"}\nhttp://chorus.test/l/${code}`,
      status: "scheduled",
      scheduledAt: input.at,
      nextAttemptAt: input.at,
      idempotencyKey: crypto.randomUUID(),
      linkCode: code,
    })
    .returning();
  return share!;
}

export async function reloadShare(db: Db, id: string) {
  const [share] = await db.select().from(shares).where(eq(shares.id, id));
  return share!;
}

export async function acceptPolicyOf(db: Db, userId: string) {
  await db.update(users).set({ policyAcceptedAt: new Date() }).where(eq(users.id, userId));
}
