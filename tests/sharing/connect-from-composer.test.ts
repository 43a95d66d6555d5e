import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { connectReturnUrl } from "~/domain/oauth-state.server";
import { quickSlots, scheduledWords } from "~/domain/scheduling.server";
import { action as composerAction, loader as composer } from "~/routes/_app.share.$itemId";
import { loader as startConnecting } from "~/routes/connect.$network._index";
import { loader as callback } from "~/routes/connect.$network.callback";
import { action as mockConsent } from "~/routes/connect.$network.mock";
import { action as choosePage } from "~/routes/connect.$network.page";
import { auditLog, socialAccounts, users } from "../../db/schema";
import { facebookManagedPages } from "../../mocks/facebook";
import { mockServer } from "../../mocks/server";
import { contextFor, cookieFor, createUser, formRequest, getRequest, settle, unwrap } from "../helpers/factories";
import { createItem } from "../helpers/fixtures";
import { useTestDb } from "../helpers/test-db";

const location = (response: unknown) => (response as Response).headers.get("Location") ?? "";
const cookiePart = (response: unknown) => ((response as Response).headers.get("Set-Cookie") ?? "").split(";")[0]!;

describe("connecting a network from the composer comes back to the composer", () => {
  const t = useTestDb();

  /** Start → mock consent (Allow) → callback, as the browser follows them; the callback's Location. */
  async function connectFrom(returnTo: string | null, network = "linkedin") {
    const user = await createUser(t.db, { role: "rep" });
    const session = await cookieFor(t.db, user.id);
    const query = returnTo === null ? "" : `?returnTo=${encodeURIComponent(returnTo)}`;
    const started = await settle(
      startConnecting({
        request: getRequest(`/connect/${network}${query}`, session),
        params: { network },
        context: contextFor(t.db),
      }),
    );
    const state = new URL(location(started), "http://x").searchParams.get("state") ?? "";
    const cookies = `${session}; ${cookiePart(started)}`;
    const consented = await settle(
      mockConsent({
        request: formRequest(`/connect/${network}/mock`, { state, decision: "allow" }, session),
        params: { network },
        context: contextFor(t.db),
      }),
    );
    const back = await settle(
      callback({ request: getRequest(location(consented), cookies), params: { network }, context: contextFor(t.db) }),
    );
    return { user, session, back: location(back), cookies: (back as Response).headers.getSetCookie() };
  }

  it("returns to the composer URL it started from, with the network connected", async () => {
    const { user, back } = await connectFrom("/share/0b7f5c1e-3f43-4a8e-9d7c-1f2e3d4c5b6a?network=x", "x");
    expect(back).toBe("/share/0b7f5c1e-3f43-4a8e-9d7c-1f2e3d4c5b6a?network=x&connected=x");
    const accounts = await t.db.select().from(socialAccounts).where(eq(socialAccounts.userId, user.id));
    expect(accounts.map((a) => a.network)).toEqual(["x"]);
  });

  it("keeps the way back through Facebook's Page choice", async () => {
    mockServer.use(
      facebookManagedPages([
        { id: "104000000000001", name: "Northwind Field Team" },
        { id: "104000000000002", name: "Northwind Careers" },
      ]),
    );
    const composerUrl = "/share/0b7f5c1e-3f43-4a8e-9d7c-1f2e3d4c5b6a?network=facebook";
    const { user, session, back, cookies } = await connectFrom(composerUrl, "facebook");
    expect(back).toBe(`/connect/facebook/page?returnTo=${encodeURIComponent(composerUrl)}`);
    const sealed = cookies.map((c) => c.split(";")[0]).find((c) => c?.startsWith("chorus_fb_pages="));
    const done = await settle(
      choosePage({
        request: formRequest(back, { pageId: "104000000000002" }, `${session}; ${sealed}`),
        params: { network: "facebook" },
        context: contextFor(t.db),
      }),
    );
    expect(location(done)).toBe(`${composerUrl}&connected=facebook`);
    const accounts = await t.db.select().from(socialAccounts).where(eq(socialAccounts.userId, user.id));
    expect(accounts.map((a) => a.network)).toEqual(["facebook"]);
  });

  it("goes to Connections without a returnTo, or with one that leaves the site", async () => {
    expect((await connectFrom(null)).back).toBe("/connections?connected=linkedin");
    for (const hostile of [
      "//evil.example/share",
      "https://evil.example/",
      "/\t/evil.example",
      "javascript:alert(1)",
    ]) {
      expect((await connectFrom(hostile)).back).toBe("/connections?connected=linkedin");
    }
  });

  it("puts the outcome's keys on the return path, replacing stale ones", () => {
    expect(connectReturnUrl("/share/a?network=x&connected=linkedin&error=state", "error=cancelled&network=x")).toBe(
      "/share/a?network=x&error=cancelled",
    );
    expect(connectReturnUrl("/share/a?network=facebook", "connected=facebook")).toBe(
      "/share/a?network=facebook&connected=facebook",
    );
    expect(connectReturnUrl("//evil.example", "")).toBe("/connections");
  });
});

describe("the composer takes the policy in place", () => {
  const t = useTestDb();

  it("shows the composer to a rep who has not accepted the policy, and records acceptance as the policy page does", async () => {
    const rep = await createUser(t.db, { role: "rep", policyAcceptedAt: null });
    const item = await createItem(t.db);
    const cookie = await cookieFor(t.db, rep.id);
    const page = await composer({
      request: getRequest(`/share/${item.id}`, cookie),
      params: { itemId: item.id },
      context: contextFor(t.db),
    });
    expect(page.policy.accepted).toBe(false);
    expect(page.policy.body.length).toBeGreaterThan(0);

    const reply = unwrap<{ ok: boolean }>(
      await composerAction({
        request: formRequest(`/share/${item.id}`, { intent: "accept-policy" }, cookie),
        params: { itemId: item.id },
        context: contextFor(t.db),
      }),
    );
    expect(reply).toMatchObject({ status: 200, data: { ok: true } });
    const [after] = await t.db.select({ at: users.policyAcceptedAt }).from(users).where(eq(users.id, rep.id));
    expect(after?.at).toBeInstanceOf(Date);
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.actorId, rep.id));
    expect(audits.map((a) => [a.action, a.targetId])).toEqual([["policy.accept", "social-media-policy"]]);
  });

  it("refuses an unknown intent and changes nothing", async () => {
    const rep = await createUser(t.db, { role: "rep", policyAcceptedAt: null });
    const item = await createItem(t.db);
    const reply = unwrap<{ ok: boolean }>(
      await composerAction({
        request: formRequest(`/share/${item.id}`, { intent: "delete-everything" }, await cookieFor(t.db, rep.id)),
        params: { itemId: item.id },
        context: contextFor(t.db),
      }),
    );
    expect(reply).toMatchObject({ status: 400, data: { ok: false } });
    const [after] = await t.db.select({ at: users.policyAcceptedAt }).from(users).where(eq(users.id, rep.id));
    expect(after?.at).toBeNull();
  });
});

describe("tomorrow 09:00 is one control away", () => {
  it("offers tomorrow 09:00 first, on a weekend too, then weekday mornings", () => {
    const friday = new Date("2026-11-20T15:00:00Z");
    expect(quickSlots(friday, "Europe/London").map((s) => `${s.date} ${s.time} ${s.label}`)).toEqual([
      "2026-11-21 09:00 Tomorrow, 09:00",
      "2026-11-23 09:00 Mon 23 Nov, 09:00",
      "2026-11-24 08:30 Tue 24 Nov, 08:30",
      "2026-11-25 09:00 Wed 25 Nov, 09:00",
    ]);
    // 23:30 in New York is already tomorrow in Tokyo: "tomorrow" is the rep's own.
    const late = new Date("2026-12-03T04:30:00Z");
    expect(quickSlots(late, "America/New_York")[0]?.date).toBe("2026-12-03");
    expect(quickSlots(late, "Asia/Tokyo")[0]?.date).toBe("2026-12-04");
  });

  it("words a scheduled time as today, tomorrow or a date, in the rep's zone", () => {
    const now = new Date("2026-12-02T10:00:00Z");
    expect(scheduledWords("2026-12-03", "09:00", now, "Europe/Berlin")).toBe("tomorrow, Thu 3 Dec, 09:00");
    expect(scheduledWords("2026-12-02", "18:00", now, "Europe/Berlin")).toBe("today, Wed 2 Dec, 18:00");
    expect(scheduledWords("2026-12-07", "08:30", now, "Europe/Berlin")).toBe("Mon 7 Dec, 08:30");
  });
});
