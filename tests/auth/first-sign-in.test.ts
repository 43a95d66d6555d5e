import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { mockLinkedInCode } from "~/domain/mock-sign-in.server";
import { oauthStateCookie } from "~/domain/oauth-state.server";
import { firstSteps } from "~/domain/onboarding.server";
import { loader as libraryLoader } from "~/routes/_app.library";
import { action as meAction, loader as meLoader } from "~/routes/_app.me";
import { loader as callback } from "~/routes/auth.linkedin.callback";
import { action as loginAction } from "~/routes/login";
import { action as signupAction } from "~/routes/signup";
import { allowedDomains, oauthIdentities, shares, users } from "../../db/schema";
import {
  contextFor,
  cookieFor,
  createUser,
  formRequest,
  getRequest,
  ORIGIN,
  settle,
  unwrap,
} from "../helpers/factories";
import { connect, createItem, queueShare } from "../helpers/fixtures";
import { useTestDb } from "../helpers/test-db";
import type { Db } from "../../db/client.server";

const zoneOf = async (db: Db, id: string) =>
  (await db.select({ tz: users.timeZone, set: users.timeZoneSet }).from(users).where(eq(users.id, id)))[0];

async function post(db: Db, action: typeof meAction, path: string, fields: Record<string, string>, cookie?: string) {
  return unwrap<{ ok: boolean; errors: Record<string, string> }>(
    await settle(action({ request: formRequest(path, fields, cookie), params: {}, context: contextFor(db) })),
  );
}

describe("the time zone at first sign-in", () => {
  const t = useTestDb();
  beforeAll(async () => {
    await t.db.insert(allowedDomains).values({ domain: "acme.test" });
  });

  it("takes the browser's zone once for a LinkedIn newcomer, and never over a zone chosen later", async () => {
    const cookie = (
      await oauthStateCookie.serialize({ provider: "linkedin", state: "s1", redirectTo: "/library" })
    ).split(";")[0];
    const code = mockLinkedInCode({ email: "li.newcomer@acme.test", name: "Li Newcomer" });
    const request = new Request(`${ORIGIN}/auth/linkedin/callback?code=${code}&state=s1`, {
      headers: { Cookie: cookie ?? "" },
    });
    const response = (await settle(callback({ request, params: {}, context: contextFor(t.db) }))) as Response;
    expect(response.status).toBe(302);
    const [user] = await t.db.select().from(users).where(eq(users.email, "li.newcomer@acme.test"));
    if (!user) throw new Error("no user");
    expect(await zoneOf(t.db, user.id)).toEqual({ tz: "UTC", set: false });
    const session = await cookieFor(t.db, user.id);
    const library = (await libraryLoader({
      request: getRequest("/library", session),
      params: {},
      context: contextFor(t.db),
    })) as { guessZone: boolean };
    expect(library.guessZone).toBe(true);

    const bad = await post(t.db, meAction, "/me", { intent: "browser-time-zone", timeZone: "Mars/Olympus" }, session);
    expect(bad.status).toBe(400);
    expect(await zoneOf(t.db, user.id)).toEqual({ tz: "UTC", set: false });

    const ok = await post(
      t.db,
      meAction,
      "/me",
      { intent: "browser-time-zone", timeZone: "America/New_York" },
      session,
    );
    expect(ok.data.ok).toBe(true);
    expect(await zoneOf(t.db, user.id)).toEqual({ tz: "America/New_York", set: true });
    // Another browser later (a laptop abroad) does not move it.
    await post(t.db, meAction, "/me", { intent: "browser-time-zone", timeZone: "Asia/Tokyo" }, session);
    expect((await zoneOf(t.db, user.id))?.tz).toBe("America/New_York");
  });

  it("keeps a zone picked on the Me page even while the zone was a guess before", async () => {
    const rep = await createUser(t.db, { timeZoneSet: false });
    const session = await cookieFor(t.db, rep.id);
    await post(t.db, meAction, "/me", { name: "Pat Picker", timeZone: "Europe/Lisbon" }, session);
    await post(t.db, meAction, "/me", { intent: "browser-time-zone", timeZone: "America/Chicago" }, session);
    expect(await zoneOf(t.db, rep.id)).toEqual({ tz: "Europe/Lisbon", set: true });
  });

  it("signs up with the zone the form sends; a UTC default is replaced by the browser's on the first visit", async () => {
    const signUp = async (email: string, timeZone: string) => {
      const response = (await settle(
        signupAction({
          request: formRequest("/signup", { name: "Sam Signup", email, password: "long-enough-pw", timeZone }),
          params: {},
          context: contextFor(t.db),
        }),
      )) as Response;
      expect(response.status).toBe(302);
      const [row] = await t.db.select({ id: users.id }).from(users).where(eq(users.email, email));
      if (!row) throw new Error("no user");
      return row.id;
    };
    const paris = await signUp("paris@acme.test", "Europe/Paris");
    expect(await zoneOf(t.db, paris)).toEqual({ tz: "Europe/Paris", set: true });
    await post(
      t.db,
      meAction,
      "/me",
      { intent: "browser-time-zone", timeZone: "Asia/Tokyo" },
      await cookieFor(t.db, paris),
    );
    expect((await zoneOf(t.db, paris))?.tz).toBe("Europe/Paris");

    const utc = await signUp("utc@acme.test", "UTC");
    expect(await zoneOf(t.db, utc)).toEqual({ tz: "UTC", set: false });
    await post(
      t.db,
      meAction,
      "/me",
      { intent: "browser-time-zone", timeZone: "Asia/Tokyo" },
      await cookieFor(t.db, utc),
    );
    expect(await zoneOf(t.db, utc)).toEqual({ tz: "Asia/Tokyo", set: true });
  });

  it("takes the sign-in form's zone for an unconfirmed account only", async () => {
    const unconfirmed = await createUser(t.db, {
      email: "unconfirmed@acme.test",
      password: "right-password",
      timeZoneSet: false,
    });
    const chosen = await createUser(t.db, {
      email: "chosen@acme.test",
      password: "right-password",
      timeZone: "Europe/Oslo",
    });
    for (const email of ["unconfirmed@acme.test", "chosen@acme.test"]) {
      const response = (await settle(
        loginAction({
          request: formRequest("/login", { email, password: "right-password", timeZone: "America/New_York" }),
          params: {},
          context: contextFor(t.db),
        }),
      )) as Response;
      expect(response.status).toBe(302);
    }
    expect(await zoneOf(t.db, unconfirmed.id)).toEqual({ tz: "America/New_York", set: true });
    expect(await zoneOf(t.db, chosen.id)).toEqual({ tz: "Europe/Oslo", set: true });
  });
});

describe("the first-steps checklist and the Me page's advice", () => {
  const t = useTestDb();
  const library = async (userId: string) =>
    (await libraryLoader({
      request: getRequest("/library", await cookieFor(t.db, userId)),
      params: {},
      context: contextFor(t.db),
    })) as { firstSteps: Record<string, boolean> | null };

  it("ticks off policy, network, first share and the installed app, then leaves the library", async () => {
    const rep = await createUser(t.db);
    expect((await library(rep.id)).firstSteps).toEqual({
      policy: false,
      connected: false,
      shared: false,
      installed: false,
      dismissed: false,
    });
    await t.db.update(users).set({ policyAcceptedAt: new Date() }).where(eq(users.id, rep.id));
    await connect(t.db, rep.id, "linkedin");
    const item = await createItem(t.db);
    const share = await queueShare(t.db, {
      userId: rep.id,
      itemId: item.id,
      network: "linkedin",
      at: new Date(Date.now() + 3600_000),
    });
    expect(await firstSteps(t.db, rep.id)).toMatchObject({
      policy: true,
      connected: true,
      shared: true,
      installed: false,
    });
    // A cancelled share is not a first share.
    await t.db.update(shares).set({ status: "cancelled" }).where(eq(shares.id, share.id));
    expect((await firstSteps(t.db, rep.id)).shared).toBe(false);
    await t.db.update(shares).set({ status: "scheduled" }).where(eq(shares.id, share.id));
    await post(t.db, meAction, "/me", { intent: "app-installed" }, await cookieFor(t.db, rep.id));
    expect((await library(rep.id)).firstSteps).toBeNull();
  });

  it("hides the checklist once dismissed", async () => {
    const rep = await createUser(t.db);
    const reply = await post(t.db, meAction, "/me", { intent: "dismiss-first-steps" }, await cookieFor(t.db, rep.id));
    expect(reply.data.ok).toBe(true);
    expect((await library(rep.id)).firstSteps).toBeNull();
    expect((await firstSteps(t.db, rep.id)).dismissed).toBe(true);
  });

  it("does not advise signing in with LinkedIn to someone linked to LinkedIn", async () => {
    const tipsOf = async (userId: string) => {
      const data = (await meLoader({
        request: getRequest("/me", await cookieFor(t.db, userId)),
        params: {},
        context: contextFor(t.db),
      })) as {
        advocateScore: { tips: string[] } | null;
      };
      return data.advocateScore?.tips.join("\n") ?? "";
    };
    const linked = await createUser(t.db);
    await t.db
      .insert(oauthIdentities)
      .values({ provider: "linkedin", providerUserId: `sub-${linked.id}`, userId: linked.id });
    const unlinked = await createUser(t.db);
    expect(await tipsOf(linked.id)).toMatch(/job title/);
    expect(await tipsOf(linked.id)).not.toMatch(/LinkedIn/);
    expect(await tipsOf(unlinked.id)).toMatch(/sign in with LinkedIn/);
  });
});
