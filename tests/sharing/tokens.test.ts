import { and, eq } from "drizzle-orm";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { listAccounts, refreshExpiringTokens, saveAccount } from "~/domain/accounts.server";
import { sealPageChoice } from "~/domain/connectors/facebook-pages.server";
import { finishConnect } from "~/domain/connectors/oauth.server";
import { decryptToken } from "~/domain/crypto.server";
import { action as choosePage, loader as pageChoices } from "~/routes/connect.$network.page";
import { notifications, socialAccounts } from "../../db/schema";
import { facebookManagedPages } from "../../mocks/facebook";
import { mockServer } from "../../mocks/server";
import { contextFor, cookieFor, formRequest, getRequest, settle } from "../helpers/factories";
import { createRep } from "../helpers/fixtures";
import { useTestDb } from "../helpers/test-db";

const ORIGIN = "http://chorus.test";
const DAY = 86400_000;

describe("tokens that last", () => {
  const t = useTestDb();

  it("exchanges Facebook's short-lived user token for a long-lived one before reading the Page token", async () => {
    const seen: string[] = [];
    mockServer.events.on(
      "request:start",
      ({ request }) =>
        void seen.push(new URL(request.url).pathname + "?" + new URL(request.url).searchParams.get("grant_type")),
    );
    const account = await finishConnect({ network: "facebook", origin: ORIGIN, code: "mock_code_1" });
    mockServer.events.removeAllListeners();
    expect(account).toMatchObject({
      externalId: "104000000000001",
      pageId: "104000000000001",
      displayName: "Northwind Field Team",
      expiresAt: null,
      refreshToken: null,
    });
    // The Page token was read with the long-lived user token (the mock marks its lifetime in the token).
    expect((account as { accessToken: string }).accessToken).toMatch(/^mock_fb_page_long_104000000000001_/);
    expect(seen).toEqual(
      expect.arrayContaining(["/v21.0/oauth/access_token?fb_exchange_token", "/v21.0/me/accounts?null"]),
    );
    expect(seen.indexOf("/v21.0/oauth/access_token?fb_exchange_token")).toBeLessThan(
      seen.indexOf("/v21.0/me/accounts?null"),
    );
  });

  it("refuses the connection when Facebook will not exchange the token, and stores nothing", async () => {
    mockServer.use(
      http.get("https://graph.facebook.com/v21.0/oauth/access_token", () =>
        HttpResponse.json(
          {
            error: {
              message: "Error validating application. Invalid application ID.",
              type: "OAuthException",
              code: 101,
              fbtrace_id: "AbC",
            },
          },
          { status: 400 },
        ),
      ),
    );
    await expect(finishConnect({ network: "facebook", origin: ORIGIN, code: "mock_code_2" })).rejects.toThrow(
      /Invalid application ID/,
    );
  });

  it("lets someone who manages several Pages choose the one Chorus posts to", async () => {
    mockServer.use(
      facebookManagedPages([
        { id: "104000000000001", name: "Northwind Field Team" },
        { id: "104000000000002", name: "Northwind Careers" },
      ]),
    );
    const choice = await finishConnect({ network: "facebook", origin: ORIGIN, code: "mock_code_3" });
    expect(choice).toMatchObject({
      kind: "choose_page",
      pages: [
        { id: "104000000000001", name: "Northwind Field Team" },
        { id: "104000000000002", name: "Northwind Careers" },
      ],
    });
    expect(JSON.stringify(choice)).not.toContain("mock_fb_page_"); // no Page token leaves for the cookie
    const rep = await createRep(t.db);
    const session = await cookieFor(t.db, rep.id);
    const sealed = (
      await sealPageChoice(
        rep.id,
        (choice as { userToken: string }).userToken,
        (choice as { pages: Array<{ id: string; name: string }> }).pages,
      )
    ).split(";")[0]!;
    const cookie = `${session}; ${sealed}`;
    const shown = (await pageChoices({
      request: getRequest("/connect/facebook/page", cookie),
      params: { network: "facebook" },
      context: contextFor(t.db),
    })) as { pages: unknown[] };
    expect(shown.pages).toHaveLength(2);
    // A Page the person does not manage is refused.
    const wrong = await settle(
      choosePage({
        request: formRequest("/connect/facebook/page", { pageId: "999" }, cookie),
        params: { network: "facebook" },
        context: contextFor(t.db),
      }),
    );
    expect((wrong as { init: { status: number } }).init.status).toBe(400);
    const done = (await settle(
      choosePage({
        request: formRequest("/connect/facebook/page", { pageId: "104000000000002" }, cookie),
        params: { network: "facebook" },
        context: contextFor(t.db),
      }),
    )) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/connections?connected=facebook");
    const [stored] = await t.db
      .select()
      .from(socialAccounts)
      .where(and(eq(socialAccounts.userId, rep.id), eq(socialAccounts.network, "facebook")));
    expect(stored).toMatchObject({ pageId: "104000000000002", displayName: "Northwind Careers", expiresAt: null });
    expect(decryptToken(stored!.accessTokenEnc)).toMatch(/^mock_fb_page_long_104000000000002_/);
    // Someone else's session cannot use the sealed choice.
    const other = await createRep(t.db);
    const stolen = await settle(
      pageChoices({
        request: getRequest("/connect/facebook/page", `${await cookieFor(t.db, other.id)}; ${sealed}`),
        params: { network: "facebook" },
        context: contextFor(t.db),
      }),
    );
    expect((stolen as Response).headers.get("Location")).toMatch(/^\/connections\?error=/);
  });

  it("keeps the stored refresh token when a reconnect brings none, but not for another account", async () => {
    const rep = await createRep(t.db);
    const base = {
      userId: rep.id,
      network: "x" as const,
      externalId: "x-1",
      displayName: "@rep",
      accessToken: "a1",
      expiresAt: new Date("2026-07-01T00:00:00Z"),
    };
    await saveAccount(t.db, { ...base, refreshToken: "r1" });
    await saveAccount(t.db, { ...base, accessToken: "a2", refreshToken: null });
    const read = async () => (await t.db.select().from(socialAccounts).where(eq(socialAccounts.userId, rep.id)))[0]!;
    expect(decryptToken((await read()).accessTokenEnc)).toBe("a2");
    expect(decryptToken((await read()).refreshTokenEnc!)).toBe("r1");
    await saveAccount(t.db, { ...base, accessToken: "a3", refreshToken: "r3" });
    expect(decryptToken((await read()).refreshTokenEnc!)).toBe("r3");
    await saveAccount(t.db, { ...base, externalId: "x-2", accessToken: "a4", refreshToken: null });
    expect((await read()).refreshTokenEnc).toBeNull();
  });

  it("warns once, seven days ahead, before a LinkedIn token without refresh expires, and shows the days left", async () => {
    const rep = await createRep(t.db);
    const connectedAt = new Date("2026-05-01T09:00:00Z");
    await saveAccount(
      t.db,
      {
        userId: rep.id,
        network: "linkedin",
        externalId: "li-1",
        displayName: "Rep",
        accessToken: "li",
        refreshToken: null,
        expiresAt: new Date(connectedAt.getTime() + 60 * DAY),
      },
      connectedAt,
    );
    const notes = () =>
      t.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, rep.id), eq(notifications.kind, "account.expiring")));
    const health = async (at: Date) => (await listAccounts(t.db, rep.id, at)).map((a) => [a.health, a.daysLeft]);
    expect(await health(new Date(connectedAt.getTime() + DAY))).toEqual([["active", 59]]);
    await refreshExpiringTokens(t.db, new Date(connectedAt.getTime() + 52 * DAY), {}); // 8 days left
    expect(await notes()).toHaveLength(0);
    const weekBefore = new Date(connectedAt.getTime() + 53 * DAY);
    expect((await refreshExpiringTokens(t.db, weekBefore, {})).warned).toBe(1);
    await refreshExpiringTokens(t.db, new Date(weekBefore.getTime() + DAY), {});
    await refreshExpiringTokens(t.db, new Date(weekBefore.getTime() + 6 * DAY), {});
    const sent = await notes();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      title: "Reconnect LinkedIn",
      body: "Your LinkedIn connection expires in 7 days.",
      link: "/connections",
    });
    expect(await health(weekBefore)).toEqual([["expiring", 7]]);
    // A reconnect starts a new 60 days, announced again when its time comes.
    const again = new Date(weekBefore.getTime() + 2 * DAY);
    await saveAccount(
      t.db,
      {
        userId: rep.id,
        network: "linkedin",
        externalId: "li-1",
        displayName: "Rep",
        accessToken: "li2",
        refreshToken: null,
        expiresAt: new Date(again.getTime() + 60 * DAY),
      },
      again,
    );
    await refreshExpiringTokens(t.db, new Date(again.getTime() + 53 * DAY), {});
    expect(await notes()).toHaveLength(2);
  });

  it("leaves a renewable token alone until three days before expiry, then refreshes it without a warning", async () => {
    const rep = await createRep(t.db);
    const now = new Date("2026-06-01T00:00:00Z");
    await saveAccount(t.db, {
      userId: rep.id,
      network: "x",
      externalId: "x-9",
      displayName: "@rep",
      accessToken: "old",
      refreshToken: "refresh",
      expiresAt: new Date(now.getTime() + 5 * DAY),
    });
    let calls = 0;
    const refreshers = {
      x: async () => (
        calls++,
        { accessToken: "new", refreshToken: null, expiresAt: new Date(now.getTime() + 30 * DAY) }
      ),
    };
    expect(await refreshExpiringTokens(t.db, now, refreshers)).toEqual({ refreshed: 0, warned: 0 });
    expect(await refreshExpiringTokens(t.db, new Date(now.getTime() + 3 * DAY), refreshers)).toEqual({
      refreshed: 1,
      warned: 0,
    });
    expect(calls).toBe(1);
  });
});
