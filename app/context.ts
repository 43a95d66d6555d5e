import type { Db } from "../db/client.server";

/** What server.ts hands every loader and action; tests build the same object. */
export interface ChorusContext {
  db: Db;
  clientIp: string;
  cspNonce: string;
}

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends ChorusContext {}
}
