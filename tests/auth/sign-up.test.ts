import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { hashToken, signUp } from "~/domain/auth.server";
import { action } from "~/routes/signup";
import { allowedDomains, auditLog, invitations, users } from "../../db/schema";
import { contextFor, createTeam, formRequest, settle, unwrap } from "../helpers/factories";
import { useTestDb } from "../helpers/test-db";

const GOOD = { name: "Jo Doe", password: "long-enough-pw", timeZone: "Europe/Paris" };

describe("sign-up", () => {
  const t = useTestDb();
  beforeAll(async () => {
    await t.db.insert(allowedDomains).values({ domain: "acme.test" });
  });

  const countUsers = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(users))[0]!.n;

  it("lets someone with an allowed company domain create a rep account", async () => {
    const result = await signUp(t.db, { ...GOOD, email: "jo@acme.test" });
    expect(result.ok).toBe(true);
    const [user] = await t.db.select().from(users).where(eq(users.email, "jo@acme.test"));
    expect(user).toMatchObject({ role: "rep", timeZone: "Europe/Paris", name: "Jo Doe" });
    expect(user!.passwordHash).toMatch(/^\$argon2id\$/);
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.targetId, user!.id));
    expect(audits.map((a) => a.action)).toContain("user.sign_up");
  });

  it("refuses other domains without an invitation and creates nothing", async () => {
    const before = await countUsers();
    const result = await signUp(t.db, { ...GOOD, email: "jo@gmail.test" });
    expect(result).toMatchObject({ ok: false, field: "email" });
    expect(await countUsers()).toBe(before);
  });

  it("refuses an e-mail that already has an account, whatever its case", async () => {
    const result = await signUp(t.db, { ...GOOD, email: "JO@ACME.TEST" });
    expect(result).toMatchObject({ ok: false, field: "email", message: expect.stringContaining("already exists") });
  });

  it("accepts an invitation for any domain, with the invited role and team, once", async () => {
    const team = await createTeam(t.db);
    await t.db.insert(invitations).values({
      email: "guest@partner.test",
      role: "manager",
      teamId: team.id,
      tokenHash: hashToken("tok-1"),
      expiresAt: new Date(Date.now() + 86400_000),
    });
    const result = await signUp(t.db, { ...GOOD, email: "guest@partner.test", invite: "tok-1" });
    expect(result.ok).toBe(true);
    const [user] = await t.db.select().from(users).where(eq(users.email, "guest@partner.test"));
    expect(user).toMatchObject({ role: "manager", teamId: team.id });
    const again = await signUp(t.db, { ...GOOD, email: "guest2@partner.test", invite: "tok-1" });
    expect(again).toMatchObject({ ok: false, field: "invite" });
  });

  it("refuses an expired invitation and an invitation used with another address", async () => {
    await t.db.insert(invitations).values([
      { email: "old@partner.test", tokenHash: hashToken("tok-old"), expiresAt: new Date(Date.now() - 1000) },
      { email: "right@partner.test", tokenHash: hashToken("tok-2"), expiresAt: new Date(Date.now() + 86400_000) },
    ]);
    expect(await signUp(t.db, { ...GOOD, email: "old@partner.test", invite: "tok-old" })).toMatchObject({
      ok: false,
      field: "invite",
    });
    expect(await signUp(t.db, { ...GOOD, email: "wrong@partner.test", invite: "tok-2" })).toMatchObject({
      ok: false,
      field: "email",
    });
  });

  it("answers bad form input with a message per field and changes nothing", async () => {
    const before = await countUsers();
    const result = unwrap<{ errors: Record<string, string> }>(
      await settle(
        action({
          request: formRequest("/signup", {
            name: "",
            email: "not-an-email",
            password: "short",
            timeZone: "Mars/Olympus",
          }),
          params: {},
          context: contextFor(t.db),
        }),
      ),
    );
    expect(result.status).toBe(400);
    expect(result.data.errors).toEqual({
      name: "Enter your name",
      email: "Enter a valid e-mail address",
      password: "Use at least 10 characters",
      timeZone: "Pick a time zone from the list",
    });
    expect(JSON.stringify(result.data)).not.toContain("short");
    expect(await countUsers()).toBe(before);
  });

  it("signs the new user in with a session cookie", async () => {
    const response = await settle(
      action({
        request: formRequest("/signup", { ...GOOD, email: "cookie@acme.test" }),
        params: {},
        context: contextFor(t.db),
      }),
    );
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).headers.get("Location")).toBe("/library");
    expect((response as Response).headers.get("Set-Cookie")).toMatch(/^chorus_session=\w+; .*HttpOnly/i);
  });

  it("five simultaneous sign-ups with one address make one account and four field messages, no error", async () => {
    const form = { ...GOOD, email: "race@acme.test" };
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        settle(action({ request: formRequest("/signup", form), params: {}, context: contextFor(t.db) })),
      ),
    );
    const created = responses.filter((r) => r instanceof Response && r.status === 302);
    const refused = responses
      .filter((r) => !(r instanceof Response))
      .map((r) => unwrap<{ errors: Record<string, string> }>(r));
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(4);
    for (const r of refused) {
      expect(r.status).toBe(400);
      expect(r.data.errors.email).toBe("An account with this e-mail already exists. Sign in instead.");
    }
    expect(await t.db.select().from(users).where(eq(users.email, "race@acme.test"))).toHaveLength(1);
  });
});
