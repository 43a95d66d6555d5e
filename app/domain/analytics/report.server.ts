import { adoption } from "./adoption.server";
import { advocateScores } from "./advocate-score.server";
import { earnedMediaValue, getEmvRates } from "./emv.server";
import { teamsForFilter, type AnalyticsFilters } from "./filters.server";
import { itemsNobodyShared, programStats, type StatRow } from "./program-stats.server";
import type { Db } from "../../../db/client.server";

/** The whole analytics report: every table for one set of filters, the page's cut of it, and its CSVs. */

/** Everything the analytics page shows, for one set of filters. */
export async function analyticsReport(db: Db, f: AnalyticsFilters, now = new Date()) {
  const [adoptionRows, stats, unshared, rates, scores] = await Promise.all([
    adoption(db, f),
    programStats(db, f, 10),
    itemsNobodyShared(db, f),
    getEmvRates(db),
    advocateScores(db, { teamId: f.teamId, reps: true }, now),
  ]);
  return {
    adoption: adoptionRows,
    byNetwork: stats.network,
    byTeam: stats.team,
    byWeek: stats.week,
    topItems: stats.item,
    topPacks: stats.pack,
    unshared,
    emv: earnedMediaValue(stats.network, rates),
    rates,
    scores,
  };
}
export type AnalyticsReport = Awaited<ReturnType<typeof analyticsReport>>;

/** How many advocate scores the page lists; the CSV export carries every rep. */
export const SCORES_SHOWN = 100;

/**
 * The analytics page: the report with the top SCORES_SHOWN scores (best first) and how many there are,
 * and the teams its filter offers (a manager's own team only).
 */
export async function analyticsPage(db: Db, f: AnalyticsFilters, now = new Date()) {
  const [report, teams] = await Promise.all([analyticsReport(db, f, now), teamsForFilter(db)]);
  const scores = [...report.scores].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  return {
    teams: f.teamLocked ? teams.filter((t) => t.id === f.teamId) : teams,
    ...report,
    scores: scores.slice(0, SCORES_SHOWN),
    scoreCount: scores.length,
  };
}

export const ANALYTICS_TABLES = [
  "adoption",
  "network",
  "team",
  "week",
  "items",
  "packs",
  "unshared",
  "emv",
  "scores",
] as const;
export type AnalyticsTable = (typeof ANALYTICS_TABLES)[number];

const money = (v: number) => v.toFixed(2);
const statCsv = (first: string, list: StatRow[]) => ({
  header: [first, "shares", "unverified shares", "unique clicks"],
  body: list.map((r) => [r.label, r.shares, r.unverified, r.uniqueClicks]),
});

/** The CSV of one table on the analytics page: the same rows and numbers as shown. */
export function analyticsCsv(
  report: AnalyticsReport,
  table: AnalyticsTable,
): { header: string[]; body: (string | number)[][] } {
  switch (table) {
    case "adoption":
      return {
        header: ["week", "active advocates", "people with an account", "adoption %"],
        body: report.adoption.map((r) => [
          r.week,
          r.active,
          r.invited,
          r.rate === null ? "" : (r.rate * 100).toFixed(1),
        ]),
      };
    case "network":
      return statCsv("network", report.byNetwork);
    case "team":
      return statCsv("team", report.byTeam);
    case "week":
      return statCsv("week", report.byWeek);
    case "items":
      return statCsv("item", report.topItems);
    case "packs":
      return statCsv("pack", report.topPacks);
    case "unshared":
      return { header: ["item", "type"], body: report.unshared.map((i) => [i.title, i.type]) };
    case "emv":
      return {
        header: [
          "network",
          "shares",
          "unique clicks",
          "estimated impressions",
          "click value",
          "impression value",
          "EMV",
        ],
        body: [
          ...report.emv.rows.map((r) => [
            r.network,
            r.shares,
            r.uniqueClicks,
            r.impressions,
            money(r.clickValue),
            money(r.impressionValue),
            money(r.value),
          ]),
          ["total", "", "", "", "", "", money(report.emv.total)],
        ],
      };
    case "scores":
      return {
        header: ["rep", "team", "score", "profile", "reach", "personalised", "consistency", "what would raise it"],
        body: report.scores.map((s) => [
          s.name,
          s.teamName ?? "",
          s.score,
          s.pillars.profile,
          s.pillars.reach,
          s.pillars.personalised,
          s.pillars.consistency,
          s.tips.join(" | "),
        ]),
      };
  }
}
