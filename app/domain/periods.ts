import { z } from "zod";

/** Leaderboard periods, for server and browser alike. */
export const PERIODS = ["week", "month", "quarter", "all"] as const;
export type Period = (typeof PERIODS)[number];

export const PERIOD_LABELS = {
  week: "This week",
  month: "This month",
  quarter: "This quarter",
  all: "All time",
} as const;

/** The leaderboard's view as it lives in the URL: page, CSV export and meeting mode read the same. */
export const leaderboardQuery = z.object({
  period: z.enum(PERIODS).catch("month"),
  scope: z.enum(["company", "team", "teams"]).catch("company"),
  measure: z.enum(["total", "per_member"]).catch("total"),
});
