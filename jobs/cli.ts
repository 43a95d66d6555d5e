import { getDb } from "../db/client.server";
import { usesMocks } from "../app/env.server";
import { JOBS } from "./registry";
import { runJob } from "./runner";

/** Runs one job once: `npm run job -- <name> [--now ISO-time]`. Exit code 1 when it fails. */
const [name] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const nowFlag = process.argv.indexOf("--now");
const now = nowFlag > 0 ? new Date(process.argv[nowFlag + 1]!) : new Date();
const job = name ? JOBS[name] : undefined;
if (!job) {
  console.error(`Usage: npm run job -- <${Object.keys(JOBS).join("|")}> [--now 2026-01-01T09:00:00Z]`);
  process.exit(2);
}
if (usesMocks()) (await import("../mocks/server")).startMockServer();
const handle = await getDb();
const outcome = await runJob(handle, name!, job.run, now, { exclusive: job.exclusive });
console.log(JSON.stringify({ job: name, ...outcome }));
await handle.close();
process.exit(outcome.status === "failed" ? 1 : 0);
