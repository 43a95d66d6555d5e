import { getEnv, usesMocks, type Env } from "./env.server";

/**
 * Mock mode's one entry (server, worker and job CLI call it at start-up): with MOCKS=true, msw answers for LinkedIn,
 * X, Facebook and Slack. The mocks are loaded by this dynamic import only, so production's build reaches them only
 * here and a production install (`npm ci --omit=dev`, no msw) runs as long as mock mode stays off.
 */
export async function startMockModeIfOn(env: Env = getEnv()): Promise<boolean> {
  if (!usesMocks(env)) return false;
  let mocks: { startMockServer(): unknown };
  try {
    mocks = await import("../mocks/server");
  } catch (error) {
    if ((error as { code?: string }).code !== "ERR_MODULE_NOT_FOUND") throw error;
    console.error(
      "MOCKS=true needs the development dependencies (msw), and this install has none (npm ci --omit=dev). " +
        "Unset MOCKS, or install with `npm ci`.",
    );
    process.exit(78); // EX_CONFIG
  }
  mocks.startMockServer();
  return true;
}
