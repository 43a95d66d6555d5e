import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import pg from "pg";
import * as schema from "./schema";
import type { Db } from "./client.server";

/** Where a streaming standby stands: how far it has replayed, and how far behind that is (decision 024). */
export interface ReplicaStatus {
  /** pg_last_wal_replay_lsn(), as a number to compare with a write's pg_current_wal_lsn(). */
  replayLsn: bigint;
  /** How old the replayed data is: 0 when it has replayed all it received, else now − the last replayed commit. */
  lagMs: number;
  /** The last replayed commit's time (what the figures are "as of" while it lags), or null when caught up. */
  asOf: Date | null;
}

/** A read-only pool on DATABASE_REPLICA_URL. Report reads go here (app/domain/reads.server.ts); nothing writes. */
export interface Replica {
  db: Db;
  /** Null when the server is not a standby (promoted, or the URL names a primary): then nothing is read from it. */
  status(): Promise<ReplicaStatus | null>;
  /** The clock lag is measured with; tests pass their own. */
  now(): Date;
  /** After a failure the replica is left alone until this time (ms), so an outage costs one timeout, not one per page. */
  skipUntil: number;
  close(): Promise<void>;
}

/** A WAL position as text (`16/B374D848`) to a number; null for anything else. */
export function parseLsn(text: string | null | undefined): bigint | null {
  const match = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text ?? "");
  return match ? (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`) : null;
}

export function openReplica(url: string, options: { poolSize?: number; now?: () => Date } = {}): Replica {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    // A replica that does not answer must not hold the page: the read falls back to the primary.
    connectionTimeoutMillis: 2_000,
  });
  pool.on("error", (error) => console.warn(`The read replica closed an idle connection: ${error.message}`));
  const now = options.now ?? (() => new Date());
  return {
    db: drizzlePg(pool, { schema }),
    now,
    skipUntil: 0,
    async status() {
      const { rows } = await pool.query<{
        standby: boolean;
        replay: string | null;
        receive: string | null;
        replayed_at: Date | null;
      }>(
        `select pg_is_in_recovery() as standby, pg_last_wal_replay_lsn()::text as replay,
                pg_last_wal_receive_lsn()::text as receive, pg_last_xact_replay_timestamp() as replayed_at`,
      );
      const row = rows[0];
      const replayLsn = parseLsn(row?.replay);
      if (!row?.standby || replayLsn === null) return null;
      const receiveLsn = parseLsn(row.receive);
      // Everything received is replayed: the data is as fresh as the stream, however long ago the last commit was.
      if (receiveLsn !== null && replayLsn >= receiveLsn) return { replayLsn, lagMs: 0, asOf: null };
      const asOf = row.replayed_at ?? null;
      return { replayLsn, lagMs: asOf ? Math.max(0, now().getTime() - asOf.getTime()) : Infinity, asOf };
    },
    close: () => pool.end(),
  };
}

const globalKey = Symbol.for("chorus.replica");
type GlobalWithReplica = typeof globalThis & { [globalKey]?: Replica | null };

/**
 * The process-wide replica pool, opened once when DATABASE_REPLICA_URL is set (the env module refuses it
 * without DATABASE_URL); null otherwise. On globalThis for the same reason as getDb().
 */
export function getReplica(url: string | undefined): Replica | null {
  const g = globalThis as GlobalWithReplica;
  if (g[globalKey] === undefined) g[globalKey] = url ? openReplica(url) : null;
  return g[globalKey];
}
