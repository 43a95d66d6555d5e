import type { Db } from "../db/client.server";
import type { Replica } from "../db/replica.server";

/** What server.ts hands every loader and action; tests build the same object. */
export interface ChorusContext {
  db: Db;
  clientIp: string;
  cspNonce: string;
  /** DATABASE_REPLICA_URL's pool, for report reads only (app/domain/reads.server.ts); absent without one. */
  replica?: Replica | null;
}

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends ChorusContext {}
}
