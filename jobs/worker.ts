import cron from "node-cron";
import { getDb } from "../db/client.server";
import { getEnv, usesMocks } from "../app/env.server";
import { JOBS } from "./registry";
import { runJob } from "./runner";

/** The worker process: runs every job on its schedule. Start any number; locks keep each job single. */
const env = getEnv();
if (usesMocks(env)) {
  const { startMockServer } = await import("../tests/mocks/server");
  startMockServer();
}
const handle = await getDb();
const running = new Set<string>();

for (const [name, job] of Object.entries(JOBS)) {
  cron.schedule(job.schedule, async () => {
    if (running.has(name)) return; // the previous run of this job in this process is still going
    running.add(name);
    try {
      const outcome = await runJob(handle, name, job.run, new Date());
      if (outcome.status === "failed") console.error(`[${name}] failed: ${outcome.error}`);
      else if (outcome.status === "ok") console.log(`[${name}] ${JSON.stringify(outcome.stats)}`);
    } finally {
      running.delete(name);
    }
  });
}
console.log(`Chorus worker started (${handle.kind}): ${Object.entries(JOBS).map(([n, j]) => `${n} "${j.schedule}"`).join(", ")}`);

async function shutdown() {
  for (const task of cron.getTasks().values()) task.stop();
  while (running.size) await new Promise((r) => setTimeout(r, 100));
  await handle.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());
