import { and, eq } from "drizzle-orm";
import { http, HttpResponse } from "msw";
import { beforeAll, describe, expect, it } from "vitest";
import { PASSWORD_TO_LINK, readSession } from "~/domain/auth.server";
import { mockLinkedInCode, type MockLinkedInProfile } from "~/domain/mock-sign-in.server";
import { oauthStateCookie } from "~/domain/oauth-state.server";
import { loader as callback } from "~/routes/auth.linkedin.callback";
import { action as mockConsent, loader as mockConsentPage } from "~/routes/auth.linkedin.mock";
import { action as login, loader as loginPage } from "~/routes/login";
import { allowedDomains, identityLinkRequests, oauthIdentities, users } from "../../db/schema";
import { linkedInSub } from "../../mocks/linkedin";
import { mockServer } from "../../mocks/server";
import { contextFor, createUser, formRequest, getRequest, ORIGIN, settle } from "../helpers/factories";
import { useTestDb } from "../helpers/test-db";

type TestDb = ReturnType<typeof useTestDb>["db"];

async function stateCookie(state: string, redirectTo = "/me") {
  return (await oauthStateCookie.serialize({ provider: "linkedin", state, redirectTo })).split(";")[0]!;
}

let n = 0;
async function signInWithLinkedIn(db: TestDb, profile: MockLinkedInProfile) {
  const state = `link-${n++}`;
  const request = new Request(`${ORIGIN}/auth/linkedin/callback?code=${mockLinkedInCode(profile)}&state=${state}`, {
    headers: { Cookie: await stateCookie(state) },
  });
  return (await settle(callback({ request, params: {}, context: contextFor(db) }))) as Response;
}

const location = (r: Response) => r.headers.get("Location") ?? "";
const cookieNamed = (r: Response, name: string) =>
  r.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`) && !c.startsWith(`${name}=;`))
    ?.split(";")[0];
const identitiesOf = (db: TestDb, userId: string) =>
  db
    .select()
    .from(oauthIdentities)
    .where(and(eq(oauthIdentities.userId, userId), eq(oauthIdentities.provider, "linkedin")));

describe("a LinkedIn identity joins an existing account only on a verified address, and staff only with their password", () => {
  const t = useTestDb();
  beforeAll(async () => {
    await t.db.insert(allowedDomains).values({ domain: "link.test" });
  });

  it("refuses an address LinkedIn has not verified: no link to the existing account, no session", async () => {
    const rep = await createUser(t.db, { email: "unverified.rep@link.test", role: "rep" });
    const response = await signInWithLinkedIn(t.db, { email: rep.email, name: "Someone Else", emailVerified: false });
    expect(location(response)).toBe("/login?error=unverified");
    expect(cookieNamed(response, "chorus_session")).toBeUndefined();
    expect(await identitiesOf(t.db, rep.id)).toHaveLength(0);
  });

  it("creates no account for an unverified address at a company domain", async () => {
    const response = await signInWithLinkedIn(t.db, {
      email: "claimed@link.test",
      name: "Claimed",
      emailVerified: false,
    });
    expect(location(response)).toBe("/login?error=unverified");
    expect(await t.db.select().from(users).where(eq(users.email, "claimed@link.test"))).toHaveLength(0);
  });

  it("treats a userinfo without the email_verified claim as unverified", async () => {
    const rep = await createUser(t.db, { email: "noclaim@link.test", role: "rep" });
    mockServer.use(
      http.get("https://api.linkedin.com/v2/userinfo", () =>
        HttpResponse.json({ sub: "no-claim-sub", name: "No Claim", email: rep.email }),
      ),
    );
    const response = await signInWithLinkedIn(t.db, { email: rep.email, name: "No Claim" });
    expect(location(response)).toBe("/login?error=unverified");
    expect(await identitiesOf(t.db, rep.id)).toHaveLength(0);
  });

  it.each(PASSWORD_TO_LINK)("asks a %s for the account's password instead of signing them in", async (role) => {
    const staff = await createUser(t.db, { email: `staff.${role}@link.test`, role, password: "staff-password-1" });
    const response = await signInWithLinkedIn(t.db, { email: staff.email, name: "Impostor" });
    expect(response.status).toBe(302);
    expect(location(response)).toBe(`/login?redirectTo=${encodeURIComponent("/me")}`);
    expect(cookieNamed(response, "chorus_session")).toBeUndefined();
    expect(cookieNamed(response, "chorus_link")).toBeTruthy();
    expect(await identitiesOf(t.db, staff.id)).toHaveLength(0);
  });

  it("links an admin's LinkedIn once the right password is entered, and signs in with LinkedIn alone afterwards", async () => {
    const admin = await createUser(t.db, { email: "ada@link.test", role: "admin", password: "admin-password-1" });
    const first = await signInWithLinkedIn(t.db, { email: "Ada@link.test", name: "Ada" });
    const link = cookieNamed(first, "chorus_link")!;

    const page = (await loginPage({
      request: getRequest("/login?redirectTo=%2Fme", link),
      params: {},
      context: contextFor(t.db),
    })) as {
      linkEmail: string | null;
    };
    expect(page.linkEmail).toBe("ada@link.test");

    const wrong = await settle(
      login({
        request: formRequest("/login", { email: admin.email, password: "not-it", redirectTo: "/me" }, link),
        params: {},
        context: contextFor(t.db),
      }),
    );
    expect(wrong).not.toBeInstanceOf(Response);
    expect(await identitiesOf(t.db, admin.id)).toHaveLength(0);

    const right = (await settle(
      login({
        request: formRequest("/login", { email: admin.email, password: "admin-password-1", redirectTo: "/me" }, link),
        params: {},
        context: contextFor(t.db),
      }),
    )) as Response;
    expect(location(right)).toBe("/me");
    expect(right.headers.getSetCookie().some((c) => c.startsWith("chorus_link=;"))).toBe(true);
    expect(await identitiesOf(t.db, admin.id)).toMatchObject([{ providerUserId: linkedInSub("ada@link.test") }]);
    expect(
      await t.db.select().from(identityLinkRequests).where(eq(identityLinkRequests.userId, admin.id)),
    ).toHaveLength(0);

    const again = await signInWithLinkedIn(t.db, { email: "ada@link.test", name: "Ada" });
    const session = await readSession(t.db, getRequest("/", cookieNamed(again, "chorus_session")));
    expect(session?.user).toMatchObject({ id: admin.id, role: "admin" });
  });

  it("never links a pending identity to a different account whose password was entered", async () => {
    const admin = await createUser(t.db, {
      email: "target.admin@link.test",
      role: "admin",
      password: "admin-password-2",
    });
    const attacker = await createUser(t.db, { email: "attacker@link.test", role: "rep", password: "rep-password-22" });
    const link = cookieNamed(await signInWithLinkedIn(t.db, { email: admin.email, name: "Target" }), "chorus_link")!;
    const response = (await settle(
      login({
        request: formRequest("/login", { email: attacker.email, password: "rep-password-22" }, link),
        params: {},
        context: contextFor(t.db),
      }),
    )) as Response;
    expect(response.status).toBe(302);
    expect(await identitiesOf(t.db, admin.id)).toHaveLength(0);
    expect(await identitiesOf(t.db, attacker.id)).toHaveLength(0);
    // The request is used up: the admin's own password later does not revive it.
    await settle(
      login({
        request: formRequest("/login", { email: admin.email, password: "admin-password-2" }, link),
        params: {},
        context: contextFor(t.db),
      }),
    );
    expect(await identitiesOf(t.db, admin.id)).toHaveLength(0);
  });

  it("refuses to link a privileged account that has no password to confirm with", async () => {
    const manager = await createUser(t.db, { email: "nopass.manager@link.test", role: "manager" });
    const response = await signInWithLinkedIn(t.db, { email: manager.email, name: "No Pass" });
    expect(location(response)).toBe("/login?error=privileged");
    expect(await identitiesOf(t.db, manager.id)).toHaveLength(0);
  });
});

describe("the mock LinkedIn consent page", () => {
  const t = useTestDb();
  const decode = (r: Response) => {
    const code = new URL(location(r), ORIGIN).searchParams.get("code")!;
    return JSON.parse(Buffer.from(code.slice(5), "base64url").toString("utf8")) as MockLinkedInProfile;
  };

  it("suggests no one's address", async () => {
    const data = await mockConsentPage({
      request: getRequest("/auth/linkedin/mock?state=s"),
      params: {},
      context: contextFor(t.db),
    });
    expect(data).toEqual({ state: "s" });
  });

  it("reports the address as verified only when the box is ticked", async () => {
    const ticked = (await settle(
      mockConsent({
        request: formRequest("/auth/linkedin/mock", {
          state: "s",
          decision: "allow",
          email: "a@link.test",
          verified: "on",
        }),
        params: {},
        context: contextFor(t.db),
      }),
    )) as Response;
    const unticked = (await settle(
      mockConsent({
        request: formRequest("/auth/linkedin/mock", { state: "s", decision: "allow", email: "a@link.test" }),
        params: {},
        context: contextFor(t.db),
      }),
    )) as Response;
    expect(decode(ticked)).toMatchObject({ email: "a@link.test", emailVerified: true });
    expect(decode(unticked)).toMatchObject({ email: "a@link.test", emailVerified: false });
  });
});
