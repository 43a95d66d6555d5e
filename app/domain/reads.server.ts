import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { sql } from "drizzle-orm";
import { rows, type Db } from "../../db/client.server";
import { parseLsn, type Replica } from "../../db/replica.server";
import { getEnv } from "../env.server";
import type { SessionUser } from "./auth.server";
import type { AppLoadContext } from "@remix-run/node";

/** The cookie that carries the primary's WAL position after a person's write (decision 024). */
export const WROTE_COOKIE = "chorus_wrote";

export const REPLICA_LIMITS = {
  /** How long the cookie lives: a write older than the largest lag a replica may have is on any replica we use. */
  wroteCookieSeconds: 300,
  /** A replica further behind than this is not read at all: the primary answers. */
  maxLagMs: 5 * 60_000,
  /** From this lag on a page read from the replica says how old its figures are. */
  noteLagMs: 30_000,
  /** After a replica error, reads stay on the primary this long before the replica is tried again. */
  retryAfterFailureMs: 10_000,
} as const;

/** "Figures as of HH:MM", in the viewer's time zone, for a page served from a lagging replica. */
export interface FiguresAsOf {
  time: string;
  iso: string;
}

export interface ReportRead<T> {
  data: T;
  source: "replica" | "primary";
  figuresAsOf: FiguresAsOf | null;
}

/** The WAL position this browser's last write left, or null (no cookie, expired, or not a position). */
export function wroteLsn(request: Request): bigint | null {
  for (const part of (request.headers.get("Cookie") ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === WROTE_COOKIE) return parseLsn(value.join("="));
  }
  return null;
}

const lastWarning = new WeakMap<Replica, Map<string, number>>();
/** One line a minute at most per replica and kind of problem: a lagging replica must not flood the log. */
function warn(replica: Replica, kind: "unavailable" | "not a standby" | "lag", message: string) {
  const now = Date.now();
  let last = lastWarning.get(replica);
  if (!last) lastWarning.set(replica, (last = new Map<string, number>()));
  if (now - (last.get(kind) ?? -Infinity) < 60_000) return;
  last.set(kind, now);
  console.warn(`Read replica: ${message}; reading from the primary.`);
}

/**
 * Runs a report read (analytics, share of voice, exports, leaderboard, meeting mode) on the read replica when
 * there is one and it can answer for this person: it has replayed their last write (the `chorus_wrote` WAL
 * position) and lags at most five minutes. Otherwise, and on any replica error, the primary answers: a replica
 * never turns a page into an error. `read` must only read.
 */
export async function reportRead<T>(
  request: Request,
  context: AppLoadContext,
  user: Pick<SessionUser, "timeZone">,
  read: (db: Db) => Promise<T>,
): Promise<ReportRead<T>> {
  const replica = context.replica;
  const onPrimary = async (): Promise<ReportRead<T>> => ({
    data: await read(context.db),
    source: "primary",
    figuresAsOf: null,
  });
  if (!replica || replica.now().getTime() < replica.skipUntil) return onPrimary();
  const failed = (error: unknown) => {
    replica.skipUntil = replica.now().getTime() + REPLICA_LIMITS.retryAfterFailureMs;
    warn(replica, "unavailable", `unavailable (${error instanceof Error ? error.message : String(error)})`);
    return onPrimary();
  };
  let status: Awaited<ReturnType<Replica["status"]>>;
  try {
    status = await replica.status();
  } catch (error) {
    return failed(error);
  }
  if (!status) {
    warn(replica, "not a standby", "the server is not a standby (promoted, or a primary's address)");
    return onPrimary();
  }
  if (status.lagMs > REPLICA_LIMITS.maxLagMs) {
    warn(
      replica,
      "lag",
      `${Math.round(status.lagMs / 1000)} s behind, more than ${REPLICA_LIMITS.maxLagMs / 60_000} minutes`,
    );
    return onPrimary();
  }
  const wrote = wroteLsn(request);
  // Read your writes: until the replica has replayed this person's last write, their reports come from the primary.
  if (wrote !== null && status.replayLsn < wrote) return onPrimary();
  let data: T;
  try {
    data = await read(replica.db);
  } catch (error) {
    // A thrown Response is the read's own answer (a 404, say), the same on either server.
    if (error instanceof Response) throw error;
    return failed(error);
  }
  const asOf = status.lagMs > REPLICA_LIMITS.noteLagMs ? status.asOf : null;
  return { data, source: "replica", figuresAsOf: asOf ? figuresAsOf(asOf, user.timeZone) : null };
}

function figuresAsOf(at: Date, timeZone: string): FiguresAsOf {
  let time: string;
  try {
    time = format(new TZDate(at.getTime(), timeZone), "HH:mm");
  } catch {
    time = format(new TZDate(at.getTime(), "UTC"), "HH:mm 'UTC'");
  }
  return { time, iso: at.toISOString() };
}

/**
 * The Set-Cookie for a request that may have written (any method but GET and HEAD, or one that started a
 * session): the primary's WAL position now, which covers the write. Called once, for every request, where
 * Remix answers (app/http/remix-handler.server.ts). Null without a replica: nothing reads stale data then.
 */
export async function wroteCookie(
  request: Request,
  response: Response,
  context: AppLoadContext,
): Promise<string | null> {
  if (!context.replica) return null;
  const read = request.method === "GET" || request.method === "HEAD";
  if (read && !(response.headers.get("Set-Cookie") ?? "").includes("chorus_session=")) return null;
  try {
    const [row] = await rows<{ lsn: string }>(context.db, sql`select pg_current_wal_lsn()::text as lsn`);
    if (!row || parseLsn(row.lsn) === null) return null;
    const secure = (getEnv().APP_URL ?? "").startsWith("https://") ? "; Secure" : "";
    return `${WROTE_COOKIE}=${row.lsn}; Max-Age=${REPLICA_LIMITS.wroteCookieSeconds}; Path=/; HttpOnly; SameSite=Lax${secure}`;
  } catch (error) {
    console.warn(`Could not read the primary's WAL position for ${WROTE_COOKIE}: ${(error as Error).message}`);
    return null;
  }
}
