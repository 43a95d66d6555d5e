import { hostname } from "node:os";
import { dispatchDue } from "../app/domain/dispatch.server";
import type { Db } from "../db/client.server";
import type { JobStats } from "./runner";

const workerId = `${hostname()}:${process.pid}`;

/** Every minute: post the scheduled shares that are due (any number of workers may run this at once). */
export function dispatch(db: Db, now: Date): Promise<JobStats> {
  return dispatchDue(db, now, { workerId });
}
