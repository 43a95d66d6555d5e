import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { pruneExpiredSessions, readSession, signInWithPassword, THROTTLE } from "~/domain/auth.server";
import { action, loader } from "~/routes/login";
import { loginThrottle, sessions, users } from "../../db/schema";
import { contextFor, cookieFor, createUser, formRequest, getRequest, settle, unwrap } from "../helpers/factories";
import { useTestDb } from "../helpers/test-db";

describe("sign-in", () => {
  const t = useTestDb();

  it("signs in with the right password and sets a session cookie that reads back as the user", async () => {
    const user = await createUser(t.db, { email: "ok@acme.test", password: "right-password", timeZone: "Asia/Tokyo" });
    const response = (await settle(
      action({
        request: formRequest("/login", { email: "OK@acme.test", password: "right-password", redirectTo: "/me" }),
        params: {},
        context: contextFor(t.db),
      }),
    )) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/me");
    const cookie = response.headers.get("Set-Cookie")!.split(";")[0]!;
    const found = await readSession(t.db, getRequest("/", cookie));
    expect(found?.user).toMatchObject({
      id: user.id,
      email: "ok@acme.test",
      role: "rep",
      timeZone: "Asia/Tokyo",
      teamId: null,
    });
  });

  it("never redirects off-site after sign-in", async () => {
    await createUser(t.db, { email: "redir@acme.test", password: "right-password" });
    const response = (await settle(
      action({
        request: formRequest("/login", {
          email: "redir@acme.test",
          password: "right-password",
          redirectTo: "//evil.example/x",
        }),
        params: {},
        context: contextFor(t.db),
      }),
    )) as Response;
    expect(response.headers.get("Location")).toBe("/library");
  });

  it("answers a wrong password with one message that does not tell which part was wrong", async () => {
    await createUser(t.db, { email: "wrong@acme.test", password: "right-password" });
    const wrongPassword = unwrap<{ errors: Record<string, string> }>(
      await settle(
        action({
          request: formRequest("/login", { email: "wrong@acme.test", password: "nope" }),
          params: {},
          context: contextFor(t.db, "198.51.100.1"),
        }),
      ),
    );
    const unknownUser = unwrap<{ errors: Record<string, string> }>(
      await settle(
        action({
          request: formRequest("/login", { email: "nobody@acme.test", password: "nope" }),
          params: {},
          context: contextFor(t.db, "198.51.100.1"),
        }),
      ),
    );
    expect(wrongPassword.status).toBe(400);
    expect(wrongPassword.data.errors.form).toBe("E-mail or password is incorrect.");
    expect(unknownUser.data.errors.form).toBe(wrongPassword.data.errors.form);
  });

  it("shows field messages for an empty form", async () => {
    const result = unwrap<{ errors: Record<string, string> }>(
      await settle(
        action({ request: formRequest("/login", { email: "", password: "" }), params: {}, context: contextFor(t.db) }),
      ),
    );
    expect(result.status).toBe(400);
    expect(result.data.errors).toEqual({ email: "Enter a valid e-mail address", password: "Enter your password" });
  });

  it("throttles an address after repeated failures, even with the right password, until the window passes", async () => {
    await createUser(t.db, { email: "throttle@acme.test", password: "right-password" });
    const start = new Date("2026-03-01T10:00:00Z");
    for (let i = 0; i < THROTTLE.maxFailuresPerEmail; i++) {
      const r = await signInWithPassword(
        t.db,
        { email: "throttle@acme.test", password: `bad-${i}`, ip: `192.0.2.${i}` },
        start,
      );
      expect(r).toMatchObject({ ok: false, reason: "invalid" });
    }
    const blocked = await signInWithPassword(
      t.db,
      { email: "throttle@acme.test", password: "right-password", ip: "192.0.2.99" },
      new Date(start.getTime() + 60_000),
    );
    expect(blocked).toMatchObject({
      ok: false,
      reason: "throttled",
      message: expect.stringContaining("Too many failed sign-in attempts"),
    });
    const later = await signInWithPassword(
      t.db,
      { email: "throttle@acme.test", password: "right-password", ip: "192.0.2.99" },
      new Date(start.getTime() + (THROTTLE.windowMinutes + 1) * 60_000),
    );
    expect(later.ok).toBe(true);
  });

  it("answers a throttled sign-in with 429 and the clear message", async () => {
    await createUser(t.db, { email: "t429@acme.test", password: "right-password" });
    for (let i = 0; i < THROTTLE.maxFailuresPerEmail; i++)
      await signInWithPassword(t.db, { email: "t429@acme.test", password: "bad", ip: "192.0.2.50" });
    const result = unwrap<{ errors: Record<string, string> }>(
      await settle(
        action({
          request: formRequest("/login", { email: "t429@acme.test", password: "right-password" }),
          params: {},
          context: contextFor(t.db),
        }),
      ),
    );
    expect(result.status).toBe(429);
    expect(result.data.errors.form).toContain(`Wait ${THROTTLE.windowMinutes} minutes`);
  });

  it("lets at most the limit of 25 simultaneous wrong passwords for one address reach the password check", async () => {
    await createUser(t.db, { email: "parallel@acme.test", password: "right-password" });
    const now = new Date("2026-04-01T10:00:00Z");
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        signInWithPassword(t.db, { email: "parallel@acme.test", password: `wrong-${i}`, ip: `198.51.100.${i}` }, now),
      ),
    );
    const tried = results.filter((r) => !r.ok && r.reason === "invalid").length;
    expect(tried).toBe(THROTTLE.maxFailuresPerEmail);
    expect(results.filter((r) => !r.ok && r.reason === "throttled")).toHaveLength(25 - THROTTLE.maxFailuresPerEmail);
    const [row] = await t.db.select().from(loginThrottle).where(eq(loginThrottle.key, "email:parallel@acme.test"));
    expect(row?.attempts).toBe(25);
  });

  it("counts only failures: a right password gives its try back", async () => {
    await createUser(t.db, { email: "giveback@acme.test", password: "right-password" });
    const now = new Date("2026-04-02T10:00:00Z");
    for (let i = 0; i < 10; i++) {
      expect(
        await signInWithPassword(
          t.db,
          { email: "giveback@acme.test", password: "right-password", ip: "192.0.2.200" },
          now,
        ),
      ).toMatchObject({ ok: true });
    }
    for (let i = 0; i < THROTTLE.maxFailuresPerEmail; i++) {
      expect(
        await signInWithPassword(t.db, { email: "giveback@acme.test", password: "bad", ip: "192.0.2.200" }, now),
      ).toMatchObject({ reason: "invalid" });
    }
    expect(
      await signInWithPassword(t.db, { email: "giveback@acme.test", password: "bad", ip: "192.0.2.200" }, now),
    ).toMatchObject({ reason: "throttled" });
  });

  it("shows only its own texts for message keys, never text from the URL", async () => {
    const page = async (query: string) =>
      (
        (await loader({ request: getRequest(`/login${query}`), params: {}, context: contextFor(t.db) })) as {
          linkedInError: string | null;
        }
      ).linkedInError;
    expect(await page("?message=Your%20account%20is%20locked.%20Call%20%2B1-555-0100")).toBeNull();
    expect(await page("?error=state")).toBe("The LinkedIn sign-in expired or came from another tab. Please try again.");
    expect(await page("?error=not_company")).toContain("is not a company address");
    expect(await page("?error=Call+us+at+555")).toBe("LinkedIn sign-in did not complete. Please try again.");
    expect(await page("?error=__proto__")).toBe("LinkedIn sign-in did not complete. Please try again.");
    expect(await page("")).toBeNull();
  });

  it("refuses deactivated accounts and ignores their old sessions", async () => {
    const user = await createUser(t.db, { email: "gone@acme.test", password: "right-password" });
    const cookie = await cookieFor(t.db, user.id);
    await t.db.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, user.id));
    expect(
      await signInWithPassword(t.db, { email: "gone@acme.test", password: "right-password", ip: "192.0.2.77" }),
    ).toMatchObject({ ok: false, reason: "deactivated" });
    expect(await readSession(t.db, getRequest("/", cookie))).toBeNull();
  });

  it("prunes expired sessions and keeps live ones", async () => {
    const user = await createUser(t.db);
    await t.db.insert(sessions).values([
      { id: "expired-session", userId: user.id, expiresAt: new Date(Date.now() - 1000) },
      { id: "live-session", userId: user.id, expiresAt: new Date(Date.now() + 86400_000) },
    ]);
    expect(await pruneExpiredSessions(t.db)).toBeGreaterThanOrEqual(1);
    const left = (await t.db.select().from(sessions).where(eq(sessions.userId, user.id))).map((s) => s.id);
    expect(left).toEqual(["live-session"]);
  });
});
