import { afterAll, beforeAll } from "vitest";
import { createTestDb, type TestDb } from "./db";
import type { Db } from "../../db/client.server";

/** One database for the whole test file. */
export function useTestDb(): { readonly db: Db; readonly handle: TestDb } {
  let handle: TestDb | undefined;
  beforeAll(async () => {
    handle = await createTestDb();
  });
  afterAll(async () => {
    await handle?.close();
  });
  return {
    get db() {
      if (!handle) throw new Error("test database not ready");
      return handle.db;
    },
    get handle() {
      if (!handle) throw new Error("test database not ready");
      return handle;
    },
  };
}
