import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { API_RATE_LIMIT, authenticateApiRequest, createApiToken, revokeApiToken } from "~/domain/api-tokens.server";
import { hashToken } from "~/domain/auth.server";
import { action as tokensAction } from "~/routes/_app.admin.tokens";
import { action as apiAction } from "~/routes/api.mentions";
import { rows } from "../../db/client.server";
import { apiTokenHits, apiTokens, brands, mentions } from "../../db/schema";
import { contextFor, cookieFor, createUser, formRequest, ORIGIN, unwrap } from "../helpers/factories";
import { useTestDb } from "../helpers/test-db";

const t = useTestDb();
let adminId: string;

function post(body: unknown, token?: string, contentType = "application/json") {
  return apiAction({
    request: new Request(`${ORIGIN}/api/mentions`, {
      method: "POST",
      body: typeof body === "string" ? body : JSON.stringify(body),
      headers: { "Content-Type": contentType, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    }),
    params: {},
    context: contextFor(t.db),
  });
}

const batch = {
  mentions: [
    {
      id: "bw-1",
      date: "2026-04-01T10:00:00Z",
      network: "x",
      author: "@a",
      url: "https://x.example/1",
      text: "Contoso again",
    },
    { id: "bw-2", date: "2026-04-01", network: "LinkedIn", text: "nothing relevant" },
    { date: "2026-04-02", network: "linkedin", brand: "Northwind", url: "https://l.example/2" },
  ],
};

beforeAll(async () => {
  adminId = (await createUser(t.db, { role: "admin" })).id;
  await t.db.insert(brands).values([
    { name: "Northwind", isOwn: true, keywords: ["northwind"] },
    { name: "Contoso Ops", keywords: ["contoso"] },
  ]);
});

describe("API tokens", () => {
  it("an admin creates a token shown once; only its sha256 hash is stored", async () => {
    const cookie = await cookieFor(t.db, adminId);
    const result = unwrap<{ ok: boolean; token: string }>(
      await tokensAction({
        request: formRequest("/admin/tokens", { intent: "create", name: "Brandwatch" }, cookie),
        params: {},
        context: contextFor(t.db),
      }),
    );
    expect(result.status).toBe(200);
    const token = result.data.token;
    expect(token).toMatch(/^chorus_[A-Za-z0-9_-]{40,}$/);
    const [stored] = await t.db.select().from(apiTokens).where(eq(apiTokens.name, "Brandwatch"));
    expect(stored!.tokenHash).toBe(hashToken(token));
    const dump = JSON.stringify(await rows(t.db, sql`select * from api_tokens`));
    expect(dump).not.toContain(token);
    const bad = unwrap<{ ok: boolean; errors: Record<string, string> }>(
      await tokensAction({
        request: formRequest("/admin/tokens", { intent: "create", name: " " }, cookie),
        params: {},
        context: contextFor(t.db),
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.data.errors.name).toBeTruthy();
  });

  it("POST /api/mentions: 401 without or with a wrong token, 400 on a bad body, 200 with per-item errors", async () => {
    const { token } = await createApiToken(t.db, adminId, "Listener");
    const none = await post(batch);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: expect.stringContaining("Bearer") });
    expect((await post(batch, "chorus_wrong")).status).toBe(401);

    const notJson = await post("{oops", token);
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: expect.stringMatching(/not valid JSON/) });
    expect((await post({ mentions: [] }, token)).status).toBe(400);
    expect((await post(batch, token, "text/plain")).status).toBe(415);
    const allBad = await post({ mentions: [{ date: "yesterday", network: "x", text: "contoso" }] }, token);
    expect(allBad.status).toBe(400);
    expect(await allBad.json()).toMatchObject({
      imported: 0,
      errors: [{ index: 0, reason: expect.stringContaining("not a date") }],
    });
    expect(await t.db.select().from(mentions)).toHaveLength(0);

    const ok = await post(batch, token);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      received: 3,
      imported: 2,
      duplicates: 0,
      errors: [{ index: 1, reason: expect.stringContaining("no tracked brand") }],
    });
    const again = await post(batch, token);
    expect(await again.json()).toMatchObject({ imported: 0, duplicates: 2 });
    const stored = await t.db.select().from(mentions).orderBy(mentions.id);
    expect(stored.map((m) => [m.source, m.externalId, m.network])).toEqual([
      ["api", "bw-1", "x"],
      ["api", expect.stringMatching(/^[0-9a-f]{64}$/), "linkedin"],
    ]);
  });

  it("a revoked token is refused", async () => {
    const { id, token } = await createApiToken(t.db, adminId, "Old tool");
    expect((await post(batch, token)).status).toBe(200);
    expect(await revokeApiToken(t.db, { actorId: adminId, tokenId: id })).toBe(true);
    expect(await revokeApiToken(t.db, { actorId: adminId, tokenId: id })).toBe(false);
    const refused = await post(batch, token);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: expect.stringMatching(/revoked/) });
  });

  it("rate-limits each token per minute in the database, then lets it through in the next window", async () => {
    const { id, token } = await createApiToken(t.db, adminId, "Chatty");
    const minute = new Date("2026-04-01T10:00:00Z");
    for (let i = 0; i < API_RATE_LIMIT; i++)
      expect((await authenticateApiRequest(t.db, `Bearer ${token}`, new Date(minute.getTime() + i * 100))).ok).toBe(
        true,
      );
    const limited = await authenticateApiRequest(t.db, `Bearer ${token}`, new Date(minute.getTime() + 30_000));
    expect(limited).toEqual({ ok: false, status: 429, error: expect.stringContaining("Rate limit"), retryAfter: 30 });
    const other = await createApiToken(t.db, adminId, "Quiet");
    expect((await authenticateApiRequest(t.db, `Bearer ${other.token}`, new Date(minute.getTime() + 30_000))).ok).toBe(
      true,
    );
    expect((await authenticateApiRequest(t.db, `Bearer ${token}`, new Date(minute.getTime() + 60_000))).ok).toBe(true);
    // Old windows are pruned when a new one starts.
    expect((await t.db.select().from(apiTokenHits).where(eq(apiTokenHits.tokenId, id))).map((h) => h.count)).toEqual([
      1,
    ]);
  });

  it("the endpoint answers 429 with Retry-After when the token is over its limit", async () => {
    const { id, token } = await createApiToken(t.db, adminId, "Flood");
    const start = Math.floor(Date.now() / 60_000) * 60_000;
    await t.db
      .insert(apiTokenHits)
      .values([0, 1].map((k) => ({ tokenId: id, windowStart: new Date(start + k * 60_000), count: API_RATE_LIMIT })));
    const response = await post(batch, token);
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await response.json()).toMatchObject({ error: expect.stringMatching(/Rate limit/) });
  });
});
