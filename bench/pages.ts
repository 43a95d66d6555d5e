/**
 * The pages the benchmark loads, as whom, and their p95 targets (ms) on the 2-core machine. targetCpuMs: the web
 * process's CPU time per answer, half of what issue 16 started from (decision 025).
 */
export const PAGES: Array<{
  name: string;
  path: string;
  as: "rep" | "marketer";
  targetP95: number;
  targetCpuMs?: number;
}> = [
  { name: "library search", path: "/library?q=cloud+security", as: "rep", targetP95: 80, targetCpuMs: 14 },
  {
    name: "leaderboard (month, company)",
    path: "/leaderboard?period=month&scope=company",
    as: "rep",
    targetP95: 50,
    targetCpuMs: 8.3,
  },
  { name: "rep home (library)", path: "/library", as: "rep", targetP95: 80, targetCpuMs: 12.7 },
  { name: "share of voice", path: "/sov", as: "marketer", targetP95: 80, targetCpuMs: 9.9 },
];
