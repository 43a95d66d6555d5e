import { describe, expect, it } from "vitest";
import { loader as meLoader } from "~/routes/_app.me";
import { badges, userBadges } from "../../db/schema";
import { contextFor, cookieFor, createUser, getRequest, unwrap } from "../helpers/factories";
import { useTestDb } from "../helpers/test-db";

// Dates on pages are formatted by the loader in the person's zone (eslint bans toLocaleDateString in components):
// never in the server's zone or the browser's, which differ, and in one unambiguous form ("4 Dec 2026").
describe("dates on a person's pages", () => {
  const t = useTestDb();

  it("a badge earned at 23:30 UTC on 3 December shows 4 Dec in Berlin and 3 Dec in New York", async () => {
    const [badge] = await t.db
      .insert(badges)
      .values({ slug: `late-${Date.now()}`, name: "Night owl", ruleKind: "shares", threshold: 1 })
      .returning();
    const earnedOn = async (timeZone: string) => {
      const person = await createUser(t.db, { timeZone });
      await t.db
        .insert(userBadges)
        .values({ userId: person.id, badgeId: badge!.id, earnedAt: new Date("2026-12-03T23:30:00Z") });
      const { data } = unwrap<{ stats: { badges: Array<{ id: string; earnedOn: string | null }> } }>(
        await meLoader({
          request: getRequest("/me", await cookieFor(t.db, person.id)),
          params: {},
          context: contextFor(t.db),
        }),
      );
      return data.stats.badges.find((b) => b.id === badge!.id)?.earnedOn;
    };
    expect(await earnedOn("Europe/Berlin")).toBe("4 Dec 2026");
    expect(await earnedOn("America/New_York")).toBe("3 Dec 2026");
  });
});
