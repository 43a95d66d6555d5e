import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "~/domain/roles";
import { contextFor, cookieFor, createUser, getRequest, formRequest, settle } from "../helpers/factories";
import { useTestDb } from "../helpers/test-db";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

/**
 * Who may reach each route module. Every file in app/routes must be listed: a new route without an
 * entry fails this test, so nobody ships a loader or action without deciding who may use it.
 * "public": no sign-in needed. "signed-in": any role. Otherwise the roles allowed.
 */
type Access = "public" | "signed-in" | readonly Role[];
const ACCESS: Record<string, Access> = {
  "_index.tsx": "public",
  "login.tsx": "public",
  "signup.tsx": "public",
  "logout.tsx": "public",
  "auth.linkedin._index.tsx": "public",
  "auth.linkedin.callback.tsx": "public",
  "auth.linkedin.mock.tsx": "public",
  "_app.tsx": "signed-in",
  "_app.library.tsx": "signed-in",
  "_app.items.$id.tsx": "signed-in",
  "_app.studio._index.tsx": ["admin", "marketer"],
  "_app.studio.items.$id.tsx": ["admin", "marketer"],
  "_app.studio.packs._index.tsx": ["admin", "marketer"],
  "_app.studio.pack-candidates.tsx": ["admin", "marketer"],
  "_app.studio.packs.$id.tsx": ["admin", "marketer"],
  "_app.studio.suggestions.tsx": ["admin", "marketer"],
  "_app.studio.pages._index.tsx": ["admin", "marketer"],
  "_app.studio.pages.$slug.tsx": ["admin", "marketer"],
  "studio.open-graph.tsx": ["admin", "marketer"],
  "_app.suggest.tsx": "signed-in",
  "share-target.tsx": "signed-in",
  "share-sheet.tsx": "signed-in",
  "_app.guides.$slug.tsx": "signed-in",
  "_app.me.tsx": "signed-in",
  "_app.notifications.tsx": "signed-in",
  "_app.challenges.tsx": "signed-in",
  "_app.challenges_.new.tsx": ["admin", "marketer", "manager"],
  "leaderboard.meeting.tsx": ["admin", "marketer", "manager"],
  "leaderboard.data.tsx": ["admin", "marketer", "manager"],
  "leaderboard.export.tsx": "signed-in",
  "_app.policy.tsx": "signed-in",
  "_app.share.$itemId.tsx": "signed-in",
  "_app.queue.tsx": "signed-in",
  "_app.connections.tsx": "signed-in",
  "_app.leaderboard.tsx": "signed-in",
  "connect.$network._index.tsx": "signed-in",
  "connect.$network.callback.tsx": "signed-in",
  "connect.$network.mock.tsx": "signed-in",
  "connect.$network.page.tsx": "signed-in",
  "_app.admin.tsx": ["admin"],
  "_app.admin._index.tsx": ["admin"],
  "_app.admin.users.tsx": ["admin"],
  "_app.admin.teams.tsx": ["admin"],
  "_app.admin.domains.tsx": ["admin"],
  "_app.admin.audit.tsx": ["admin"],
  "_app.admin.tokens.tsx": ["admin"],
  "_app.admin.analytics.tsx": ["admin"],
  "_app.admin.jobs.tsx": ["admin"],
  "_app.admin.gamification.tsx": ["admin"],
  "_app.analytics.tsx": ["admin", "marketer", "manager"],
  "analytics.export.tsx": ["admin", "marketer", "manager"],
  "_app.sov.tsx": ["admin", "marketer"],
  "_app.brands.tsx": ["admin", "marketer"],
  "_app.sov_.import.tsx": ["admin", "marketer"],
  "sov.export.tsx": ["admin", "marketer"],
  "mentions.import.tsx": ["admin", "marketer"],
  "api.mentions.tsx": "public",
};

type RouteModule = {
  loader?: (args: LoaderFunctionArgs) => Promise<unknown>;
  action?: (args: ActionFunctionArgs) => Promise<unknown>;
};
const modules = import.meta.glob<RouteModule>("../../app/routes/**/*.{ts,tsx}", { eager: true });
const routes = Object.entries(modules)
  .map(([file, mod]) => ({ file: file.replace("../../app/routes/", ""), mod }))
  .filter(({ file }) => !file.includes(".server.") && !file.includes(".test."));

// Any param a route may read; ids are well-formed but match nothing.
const PARAMS = new Proxy(
  {},
  { get: (_t, key) => (typeof key === "string" ? "00000000-0000-4000-8000-000000000000" : undefined) },
) as Record<string, string>;

function isLoginRedirect(result: unknown) {
  return (
    result instanceof Response && result.status === 302 && (result.headers.get("Location") ?? "").startsWith("/login")
  );
}
function isForbidden(result: unknown) {
  return result instanceof Response && result.status === 403;
}

describe("role matrix over every route module", () => {
  const t = useTestDb();

  it("lists every route module", () => {
    expect(routes.map((r) => r.file).sort()).toEqual(Object.keys(ACCESS).sort());
  });

  for (const { file, mod } of routes) {
    const access = ACCESS[file];
    if (!access || access === "public") continue;
    const allowed = access === "signed-in" ? ROLES : access;

    it(`${file}: anonymous visitors are sent to sign-in`, async () => {
      const ctx = contextFor(t.db);
      if (mod.loader)
        expect(
          isLoginRedirect(await settle(mod.loader({ request: getRequest("/x"), params: PARAMS, context: ctx }))),
        ).toBe(true);
      if (mod.action)
        expect(
          isLoginRedirect(await settle(mod.action({ request: formRequest("/x", {}), params: PARAMS, context: ctx }))),
        ).toBe(true);
    });

    for (const role of ROLES) {
      const may = allowed.includes(role);
      it(`${file}: ${role} is ${may ? "let in" : "refused with 403"}`, async () => {
        const user = await createUser(t.db, { role });
        const cookie = await cookieFor(t.db, user.id);
        const ctx = contextFor(t.db);
        const checks: unknown[] = [];
        if (mod.loader)
          checks.push(await settle(mod.loader({ request: getRequest("/x", cookie), params: PARAMS, context: ctx })));
        if (mod.action)
          checks.push(
            await settle(mod.action({ request: formRequest("/x", {}, cookie), params: PARAMS, context: ctx })),
          );
        for (const result of checks) {
          expect(isLoginRedirect(result)).toBe(false);
          expect(isForbidden(result)).toBe(!may);
        }
      });
    }
  }
});
