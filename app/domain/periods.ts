/** Leaderboard periods, for server and browser alike. */
export const PERIODS = ["week", "month", "quarter", "all"] as const;
export type Period = (typeof PERIODS)[number];
