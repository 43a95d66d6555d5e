/**
 * One dispatch worker for the chaos test: runs the real dispatch job (jobs/dispatch.ts through runJob, as
 * the worker process does, registered exclusive: false) back to back until the test kills it (SIGKILL, at random).
 */
import { openDb } from "../../db/client.server";
import { dispatch } from "../../jobs/dispatch";
import { runJob } from "../../jobs/runner";

const handle = await openDb({ url: process.env.DATABASE_URL!, poolSize: 8 });
process.on("SIGTERM", () => void handle.close().finally(() => process.exit(0)));
for (;;) {
  const outcome = await runJob(handle, { name: "dispatch", fn: dispatch, now: new Date(), exclusive: false });
  if (outcome.status === "failed") process.stderr.write(`dispatch failed: ${outcome.error}\n`);
  await new Promise((r) => setTimeout(r, 150));
}
