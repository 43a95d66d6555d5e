import { z } from "zod";
import type { Network } from "./domain/networks";

/** The public default salt: fine for the embedded demo, refused by a deployment (decision 009). */
export const DEV_CLICK_HASH_SALT = "chorus-dev-salt";

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .default("false")
  .transform((v) => v === "true" || v === "1");

/** Environment, validated once at start-up. Third-party credentials default to MOCK_ values. */
const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default("127.0.0.1"),
    APP_URL: z.string().url().optional(),
    DATABASE_URL: z.string().optional(),
    /**
     * A streaming standby of DATABASE_URL: analytics, share of voice, exports and leaderboard reads go there
     * unless it lags or the person just wrote (decision 024). Needs DATABASE_URL: the embedded database has none.
     */
    DATABASE_REPLICA_URL: z.preprocess((v) => (v === "" ? undefined : v), z.string().url().optional()),
    DATA_DIR: z.string().default(".data/pglite"),
    TOKEN_ENCRYPTION_KEY: z
      .string()
      .regex(/^[0-9a-f]{64}$/i, "TOKEN_ENCRYPTION_KEY must be 64 hex characters (32 bytes)")
      .optional(),
    CLICK_HASH_SALT: z.string().default(DEV_CLICK_HASH_SALT),
    /**
     * Mock mode: msw stands in for LinkedIn, X, Facebook and Slack, and a demo consent screen for
     * LinkedIn's. Only ever on when set: `npm start` sets it for the embedded demo, the tests set it.
     */
    MOCKS: flag,
    LINKEDIN_CLIENT_ID: z.string().default("MOCK_LINKEDIN_CLIENT_ID"),
    LINKEDIN_CLIENT_SECRET: z.string().default("MOCK_LINKEDIN_CLIENT_SECRET"),
    X_CLIENT_ID: z.string().default("MOCK_X_CLIENT_ID"),
    X_CLIENT_SECRET: z.string().default("MOCK_X_CLIENT_SECRET"),
    FACEBOOK_APP_ID: z.string().default("MOCK_FACEBOOK_APP_ID"),
    FACEBOOK_APP_SECRET: z.string().default("MOCK_FACEBOOK_APP_SECRET"),
    SLACK_WEBHOOK_URL: z.string().url().optional(),
    SEED_DEMO: z.enum(["auto", "always", "never"]).default("auto"),
    /** Web processes on Postgres (default 1; try one per core on bigger machines); the embedded database always uses one. */
    WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
    /** Run the job scheduler inside the web process (always on for the embedded database). */
    RUN_JOBS_IN_WEB: flag,
  })
  .superRefine((env, ctx) => {
    if (
      env.NODE_ENV === "production" &&
      !env.TOKEN_ENCRYPTION_KEY &&
      env.LINKEDIN_CLIENT_ID.startsWith("MOCK_") === false
    ) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["TOKEN_ENCRYPTION_KEY"],
        message: "TOKEN_ENCRYPTION_KEY is required in production with real network credentials",
      });
    }
    if (env.DATABASE_REPLICA_URL && !env.DATABASE_URL) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["DATABASE_REPLICA_URL"],
        message: "DATABASE_REPLICA_URL needs DATABASE_URL: the embedded database has no replicas",
      });
    }
    // Visitor hashes are only as private as the salt: a deployment must not use the one in this file.
    if (isDeployment(env) && (env.CLICK_HASH_SALT === DEV_CLICK_HASH_SALT || env.CLICK_HASH_SALT.length < 16)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["CLICK_HASH_SALT"],
        message:
          "set a secret CLICK_HASH_SALT (16+ characters, e.g. `openssl rand -hex 32`) before deploying; the default is public",
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** Parses an environment (process.env by default); throws one message listing every problem. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  return parsed.data;
}

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * A deployment, as opposed to the embedded demo or a developer's machine: a public https URL, or
 * a Postgres database in production mode. Such a process never turns mock mode on by itself.
 */
export function isDeployment(env: Pick<Env, "APP_URL" | "DATABASE_URL" | "NODE_ENV">): boolean {
  return (env.APP_URL ?? "").startsWith("https://") || (Boolean(env.DATABASE_URL) && env.NODE_ENV === "production");
}

/** True when third-party calls go to the in-process msw mocks: only when MOCKS=true was set. */
export function usesMocks(env: Env = getEnv()): boolean {
  return env.MOCKS;
}

const CLIENT_IDS = {
  linkedin: (env) => env.LINKEDIN_CLIENT_ID,
  x: (env) => env.X_CLIENT_ID,
  facebook: (env) => env.FACEBOOK_APP_ID,
} satisfies Record<Network, (env: Env) => string>;

/**
 * How a network's OAuth runs: "mock" (demo consent screen, msw), "live" (real credentials), or
 * "unconfigured" (MOCK_ placeholders with mock mode off): then sign-in and connect are refused with
 * a message rather than sending people to the real network with made-up client ids.
 */
export function networkMode(network: Network, env: Env = getEnv()): "mock" | "live" | "unconfigured" {
  if (env.MOCKS) return "mock";
  return CLIENT_IDS[network](env).startsWith("MOCK_") ? "unconfigured" : "live";
}
