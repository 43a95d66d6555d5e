/** One dispatch worker for the benchmark: runs the dispatch job until nothing is due, then reports. */
import { openDb } from "../db/client.server";
import { dispatchDue } from "../app/domain/dispatch.server";

const handle = await openDb({ url: process.env.DATABASE_URL!, poolSize: 20 });
const workerId = `bench-${process.argv[2] ?? process.pid}`;
let idle = 0;
let published = 0;
while (idle < 3) {
  const stats = await dispatchDue(handle.db, new Date(), { workerId });
  published += stats.published;
  idle = stats.claimed === 0 ? idle + 1 : 0;
  if (stats.claimed === 0) await new Promise((r) => setTimeout(r, 200));
}
await handle.close();
console.log(JSON.stringify({ workerId, published, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
