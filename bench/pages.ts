/** The pages the benchmark loads, as whom, and their p95 targets (ms) on the 2-core machine. */
export const PAGES: Array<{ name: string; path: string; as: "rep" | "marketer"; targetP95: number }> = [
  { name: "library search", path: "/library?q=cloud+security", as: "rep", targetP95: 100 },
  { name: "leaderboard (month, company)", path: "/leaderboard?period=month&scope=company", as: "rep", targetP95: 50 },
  { name: "rep home (library)", path: "/library", as: "rep", targetP95: 100 },
  { name: "share of voice", path: "/sov", as: "marketer", targetP95: 100 },
];
