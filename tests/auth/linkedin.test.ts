import { eq, sql } from "drizzle-orm";
import { http, HttpResponse } from "msw";
import { beforeAll, describe, expect, it } from "vitest";
import { LINKEDIN_SCOPES, linkedInClient, readSession } from "~/domain/auth.server";
import { mockLinkedInCode } from "~/domain/mock-sign-in.server";
import { oauthStateCookie } from "~/domain/oauth-state.server";
import { loader as start } from "~/routes/auth.linkedin._index";
import { loader as callback } from "~/routes/auth.linkedin.callback";
import { allowedDomains, oauthIdentities, users } from "../../db/schema";
import { mockServer } from "../../mocks/server";
import { contextFor, createUser, getRequest, ORIGIN, settle } from "../helpers/factories";
import { useTestDb } from "../helpers/test-db";

async function stateCookie(state: string, redirectTo = "/me") {
  return (await oauthStateCookie.serialize({ provider: "linkedin", state, redirectTo })).split(";")[0]!;
}

async function runCallback(db: Parameters<typeof contextFor>[0], query: string, cookie?: string) {
  const request = new Request(`${ORIGIN}/auth/linkedin/callback?${query}`, {
    headers: cookie ? { Cookie: cookie } : {},
  });
  return (await settle(callback({ request, params: {}, context: contextFor(db) }))) as Response;
}

const location = (r: Response) => r.headers.get("Location") ?? "";
const sessionCookieOf = (r: Response) =>
  r.headers
    .getSetCookie()
    .find((c) => c.startsWith("chorus_session="))
    ?.split(";")[0];

describe("Sign in with LinkedIn (OIDC)", () => {
  const t = useTestDb();
  beforeAll(async () => {
    await t.db.insert(allowedDomains).values({ domain: "acme.test" });
  });

  it("builds LinkedIn's authorization URL with the OIDC scopes, state and callback", () => {
    const url = linkedInClient(ORIGIN).createAuthorizationURL("state-123", LINKEDIN_SCOPES);
    expect(url.origin + url.pathname).toBe("https://www.linkedin.com/oauth/v2/authorization");
    expect(url.searchParams.get("response_type")).toBe("code");
    expect(url.searchParams.get("scope")).toBe("openid profile email");
    expect(url.searchParams.get("state")).toBe("state-123");
    expect(url.searchParams.get("redirect_uri")).toBe(`${ORIGIN}/auth/linkedin/callback`);
  });

  it("starting sign-in sets a state cookie and sends the browser on with that state", async () => {
    const response = (await settle(
      start({ request: getRequest("/auth/linkedin?redirectTo=/me"), params: {}, context: contextFor(t.db) }),
    )) as Response;
    expect(response.status).toBe(302);
    const state = new URL(location(response), ORIGIN).searchParams.get("state");
    expect(state).toBeTruthy();
    const saved = await oauthStateCookie.parse(response.headers.get("Set-Cookie"));
    expect(saved).toMatchObject({ provider: "linkedin", state, redirectTo: "/me" });
  });

  it("creates an account for a new person at an allowed domain and signs them in", async () => {
    const code = mockLinkedInCode({ email: "new.rep@acme.test", name: "New Rep" });
    const response = await runCallback(t.db, `code=${code}&state=s1`, await stateCookie("s1"));
    expect(location(response)).toBe("/me");
    const session = await readSession(t.db, getRequest("/", sessionCookieOf(response)));
    expect(session?.user).toMatchObject({ email: "new.rep@acme.test", name: "New Rep", role: "rep" });
    const identities = await t.db.select().from(oauthIdentities).where(eq(oauthIdentities.userId, session!.user.id));
    expect(identities).toHaveLength(1);
  });

  it("links LinkedIn to an existing rep's account with the same verified e-mail instead of creating another", async () => {
    const existing = await createUser(t.db, { email: "Known.Person@acme.test", role: "rep" });
    const code = mockLinkedInCode({ email: "known.person@acme.test", name: "Known Person" });
    const response = await runCallback(t.db, `code=${code}&state=s2`, await stateCookie("s2"));
    const session = await readSession(t.db, getRequest("/", sessionCookieOf(response)));
    expect(session?.user.id).toBe(existing.id);
    const [count] = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(sql`lower(email) = 'known.person@acme.test'`);
    expect(count!.n).toBe(1);
  });

  it("sends a person who refused consent back to sign-in with a message, signed out", async () => {
    const response = await runCallback(
      t.db,
      "error=user_cancelled_login&error_description=The+user+cancelled+LinkedIn+login&state=s3",
      await stateCookie("s3"),
    );
    expect(location(response)).toBe("/login?error=denied");
    expect(sessionCookieOf(response)).toBeUndefined();
  });

  it("refuses a callback whose state does not match the browser's cookie (or has no cookie)", async () => {
    const code = mockLinkedInCode({ email: "csrf@acme.test", name: "Csrf Victim" });
    expect(location(await runCallback(t.db, `code=${code}&state=attacker`, await stateCookie("mine")))).toBe(
      "/login?error=state",
    );
    expect(location(await runCallback(t.db, `code=${code}&state=mine`))).toBe("/login?error=state");
    expect(await t.db.select().from(users).where(eq(users.email, "csrf@acme.test"))).toHaveLength(0);
  });

  it("reports LinkedIn's refusal of the code (400 invalid_request) without signing in", async () => {
    const response = await runCallback(t.db, "code=expired-code&state=s4", await stateCookie("s4"));
    expect(location(response)).toBe("/login?error=rejected");
    expect(sessionCookieOf(response)).toBeUndefined();
  });

  it("reports a userinfo failure (401 Invalid access token)", async () => {
    mockServer.use(
      http.get("https://api.linkedin.com/v2/userinfo", () =>
        HttpResponse.json({ serviceErrorCode: 65600, message: "Invalid access token", status: 401 }, { status: 401 }),
      ),
    );
    const code = mockLinkedInCode({ email: "x@acme.test", name: "X" });
    const response = await runCallback(t.db, `code=${code}&state=s5`, await stateCookie("s5"));
    expect(location(response)).toBe("/login?error=profile");
  });

  it("refuses people outside the company's domains who have no invitation", async () => {
    const code = mockLinkedInCode({ email: "outsider@gmail.test", name: "Out Sider" });
    const response = await runCallback(t.db, `code=${code}&state=s6`, await stateCookie("s6"));
    expect(location(response)).toBe("/login?error=not_company");
    expect(await t.db.select().from(users).where(eq(users.email, "outsider@gmail.test"))).toHaveLength(0);
  });
});
