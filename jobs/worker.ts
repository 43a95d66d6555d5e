import { getEnv } from "../app/env.server";
import { startMockModeIfOn } from "../app/mock-mode.server";
import { getDb } from "../db/client.server";
import { startScheduler } from "./scheduler";

/** The worker process: runs every job on its schedule. Start any number; locks keep each job single. */
const env = getEnv();
await startMockModeIfOn(env);
const handle = await getDb();
const scheduler = startScheduler(handle);
console.log(`Chorus worker started (${handle.kind}): ${scheduler.summary}`);

async function shutdown() {
  await scheduler.stop();
  await handle.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());
