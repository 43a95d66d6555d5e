import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { findInvitation } from "~/domain/auth.server";
import { action as domainsAction } from "~/routes/_app.admin.domains";
import { action as teamsAction } from "~/routes/_app.admin.teams";
import { action as usersAction } from "~/routes/_app.admin.users";
import { allowedDomains, auditLog, invitations, sessions } from "../../db/schema";
import {
  contextFor,
  cookieFor,
  createTeam,
  createUser,
  formRequest,
  reloadUser,
  settle,
  unwrap,
} from "../helpers/factories";
import { useTestDb } from "../helpers/test-db";

type Reply = { ok: boolean; message?: string; link?: string; errors: Record<string, string> };

describe("admin: users, teams, domains", () => {
  const t = useTestDb();

  async function asAdmin() {
    const admin = await createUser(t.db, { role: "admin" });
    return { admin, cookie: await cookieFor(t.db, admin.id) };
  }
  const call = async (fn: typeof usersAction, path: string, fields: Record<string, string>, cookie: string) =>
    unwrap<Reply>(
      await settle(fn({ request: formRequest(path, fields, cookie), params: {}, context: contextFor(t.db) })),
    );
  const auditActions = async () => (await t.db.select({ action: auditLog.action }).from(auditLog)).map((a) => a.action);

  it("invites someone with a role and team; the link signs them up into both", async () => {
    const { cookie } = await asAdmin();
    const team = await createTeam(t.db);
    const reply = await call(
      usersAction,
      "/admin/users",
      { intent: "invite", email: "New.Hire@partner.test", role: "manager", teamId: team.id },
      cookie,
    );
    expect(reply.status).toBe(200);
    const token = new URL(reply.data.link!).searchParams.get("invite")!;
    expect(await findInvitation(t.db, token)).toMatchObject({
      email: "new.hire@partner.test",
      role: "manager",
      teamId: team.id,
    });
    expect(await auditActions()).toContain("user.invite");
  });

  it("answers a bad invitation with field messages and stores nothing", async () => {
    const { cookie } = await asAdmin();
    const before = (await t.db.select({ n: sql<number>`count(*)::int` }).from(invitations))[0]!.n;
    const reply = await call(
      usersAction,
      "/admin/users",
      { intent: "invite", email: "nope", role: "overlord", teamId: "not-a-uuid" },
      cookie,
    );
    expect(reply.status).toBe(400);
    expect(reply.data.errors).toEqual({
      email: "Enter a valid e-mail address",
      role: "Pick a role",
      teamId: "Pick a team from the list",
    });
    expect((await t.db.select({ n: sql<number>`count(*)::int` }).from(invitations))[0]!.n).toBe(before);
  });

  it("changes a user's role and team and records before and after in the audit log", async () => {
    const { cookie } = await asAdmin();
    const rep = await createUser(t.db, { role: "rep" });
    const team = await createTeam(t.db);
    const reply = await call(
      usersAction,
      "/admin/users",
      { intent: "update", userId: rep.id, role: "marketer", teamId: team.id },
      cookie,
    );
    expect(reply.status).toBe(200);
    expect(await reloadUser(t.db, rep.id)).toMatchObject({ role: "marketer", teamId: team.id });
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.targetId, rep.id));
    expect(entry).toMatchObject({
      action: "user.update",
      detail: { before: { role: "rep" }, after: { role: "marketer", teamId: team.id } },
    });
  });

  it("will not let an admin remove their own admin role or deactivate themselves", async () => {
    const { admin, cookie } = await asAdmin();
    const demote = await call(
      usersAction,
      "/admin/users",
      { intent: "update", userId: admin.id, role: "rep", teamId: "" },
      cookie,
    );
    expect(demote.status).toBe(400);
    const deactivate = await call(
      usersAction,
      "/admin/users",
      { intent: "deactivate", userId: admin.id, deactivate: "true" },
      cookie,
    );
    expect(deactivate.status).toBe(400);
    expect(await reloadUser(t.db, admin.id)).toMatchObject({ role: "admin", deactivatedAt: null });
  });

  it("deactivating someone signs them out everywhere; reactivating restores access", async () => {
    const { cookie } = await asAdmin();
    const rep = await createUser(t.db);
    await cookieFor(t.db, rep.id);
    await call(usersAction, "/admin/users", { intent: "deactivate", userId: rep.id, deactivate: "true" }, cookie);
    expect((await reloadUser(t.db, rep.id))!.deactivatedAt).not.toBeNull();
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, rep.id))).toHaveLength(0);
    await call(usersAction, "/admin/users", { intent: "deactivate", userId: rep.id, deactivate: "false" }, cookie);
    expect((await reloadUser(t.db, rep.id))!.deactivatedAt).toBeNull();
    expect(await auditActions()).toEqual(expect.arrayContaining(["user.deactivate", "user.reactivate"]));
  });

  it("creates, renames and deletes teams, refusing duplicates and teams with members", async () => {
    const { cookie } = await asAdmin();
    expect((await call(teamsAction, "/admin/teams", { intent: "create", name: "Field Sales" }, cookie)).status).toBe(
      200,
    );
    const dup = await call(teamsAction, "/admin/teams", { intent: "create", name: "Field Sales" }, cookie);
    expect(dup.data.errors.name).toBe("A team with this name already exists.");
    const short = await call(teamsAction, "/admin/teams", { intent: "create", name: "x" }, cookie);
    expect(short.data.errors.name).toBe("Team names need at least 2 characters");
    const team = await createTeam(t.db);
    await createUser(t.db, { teamId: team.id });
    const del = await call(teamsAction, "/admin/teams", { intent: "delete", teamId: team.id }, cookie);
    expect(del.data.errors.form).toContain("Move this team's members");
  });

  it("adds and removes allowed sign-up domains, normalising and validating them", async () => {
    const { cookie } = await asAdmin();
    expect(
      (await call(domainsAction, "/admin/domains", { intent: "add", domain: " @Example.COM " }, cookie)).status,
    ).toBe(200);
    expect((await t.db.select().from(allowedDomains)).map((d) => d.domain)).toContain("example.com");
    const bad = await call(domainsAction, "/admin/domains", { intent: "add", domain: "not a domain" }, cookie);
    expect(bad.data.errors.domain).toBe("Enter a domain such as example.com");
    await call(domainsAction, "/admin/domains", { intent: "remove", domain: "example.com" }, cookie);
    expect((await t.db.select().from(allowedDomains)).map((d) => d.domain)).not.toContain("example.com");
    expect(await auditActions()).toEqual(expect.arrayContaining(["domain.add", "domain.remove"]));
  });
});
