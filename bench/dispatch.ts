import type { DbHandle } from "../db/client.server";

export interface DispatchRow {
  name: string;
  value: number;
  unit: string;
  target?: { max?: number; min?: number };
}

/** Dispatch under load: filled in once the dispatch job exists. */
export async function benchDispatch(_handle: DbHandle, _dbUrl: string): Promise<DispatchRow[]> {
  console.log("  dispatch job not available yet");
  return [];
}
