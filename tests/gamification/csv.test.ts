import { describe, expect, it } from "vitest";
import { loader as exportLoader } from "~/routes/leaderboard.export";
import { userPointsDaily } from "../../db/schema";
import { useAwardsTestDb } from "../helpers/awards";
import { contextFor, cookieFor, getRequest } from "../helpers/factories";
import { createRep } from "../helpers/fixtures";

describe("leaderboard CSV export", () => {
  const { t } = useAwardsTestDb();

  it("exports the leaderboard as CSV, defusing formula-like names", async () => {
    const rep = await createRep(t.db, { name: '=HYPERLINK("x")' });
    await t.db.insert(userPointsDaily).values({ userId: rep.id, day: "2026-06-11", points: 999 }).onConflictDoNothing();
    const { refreshLeaderboards } = await import("~/domain/leaderboard.server");
    await refreshLeaderboards(t.db, new Date());
    const response = await exportLoader({
      request: getRequest("/leaderboard/export?period=all&scope=company", await cookieFor(t.db, rep.id)),
      params: {},
      context: contextFor(t.db),
    });
    expect(response.headers.get("Content-Type")).toContain("text/csv");
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines[0]).toBe("rank,name,team,points,movement");
    expect(lines.some((line) => /^\d+,"'=HYPERLINK\(""x""\)",,999,$/.test(line))).toBe(true);
  });
});
