import { startMockModeIfOn } from "../app/mock-mode.server";
import { getDb, type DbHandle } from "../db/client.server";
import { DataDirLockedError } from "../db/data-dir-lock.server";
import { readControlFile, runJobThroughApp } from "./control";
import { JOBS } from "./registry";
import { runJob } from "./runner";

/** Runs one job once: `npm run job -- <name> [--now ISO-time]`. Exit code 1 when it fails. */
const [name] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const nowFlag = process.argv.indexOf("--now");
const now = nowFlag > 0 ? new Date(process.argv[nowFlag + 1] ?? "") : new Date();
const job = name ? JOBS[name] : undefined;
if (!name || !job || Number.isNaN(now.getTime())) {
  console.error(`Usage: npm run job -- <${Object.keys(JOBS).join("|")}> [--now 2026-01-01T09:00:00Z]`);
  process.exit(2);
}
let handle: DbHandle;
try {
  handle = await getDb();
} catch (error) {
  if (!(error instanceof DataDirLockedError)) throw error;
  // The embedded database is open in another process. When that is the app, it runs the job for us.
  const control = readControlFile(error.dataDir);
  if (!control || control.pid !== error.owner.pid) {
    console.error(error.message);
    process.exit(75); // EX_TEMPFAIL: try again once the other process is done
  }
  const answer = await runJobThroughApp(control, name, now);
  if (answer.status !== 200) console.error(`The running app (process ${control.pid}) refused the job: ${answer.body}`);
  else console.log(answer.body);
  process.exit(answer.status === 200 && (JSON.parse(answer.body) as { status: string }).status !== "failed" ? 0 : 1);
}
await startMockModeIfOn();
const outcome = await runJob(handle, { name, fn: job.run, now, exclusive: job.exclusive });
console.log(JSON.stringify({ job: name, ...outcome }));
await handle.close();
process.exit(outcome.status === "failed" ? 1 : 0);
