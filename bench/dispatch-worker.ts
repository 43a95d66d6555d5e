/** One dispatch worker for the benchmark: runs the dispatch job until nothing is due, then reports. */
import { dispatchDue } from "../app/domain/dispatch.server";
import { openDb } from "../db/client.server";

const handle = await openDb({ url: process.env.DATABASE_URL!, poolSize: 20 });
const workerId = `bench-${process.argv[2] ?? process.pid}`;
let idle = 0;
let published = 0;
// Unknown outcomes are looked up a few seconds later: a worker waits for them (BENCH_IDLE_ROUNDS × 200 ms).
const idleRounds = Number(process.env.BENCH_IDLE_ROUNDS ?? 3);
while (idle < idleRounds) {
  const stats = await dispatchDue(handle.db, new Date(), { workerId });
  published += stats.published;
  const busy = stats.claimed > 0 || stats.checked > 0;
  idle = busy ? 0 : idle + 1;
  if (!busy) await new Promise((r) => setTimeout(r, 200));
}
await handle.close();
const usage = process.resourceUsage();
const cpuS = Math.round((usage.userCPUTime + usage.systemCPUTime) / 10_000) / 100;
console.log(JSON.stringify({ workerId, published, maxRssMb: usage.maxRSS / 1024, cpuS }));
