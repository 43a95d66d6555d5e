import { z } from "zod";

/** Environment, validated once at start-up. Third-party credentials default to MOCK_ values. */
const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default("127.0.0.1"),
    APP_URL: z.string().url().optional(),
    DATABASE_URL: z.string().optional(),
    DATA_DIR: z.string().default(".data/pglite"),
    TOKEN_ENCRYPTION_KEY: z
      .string()
      .regex(/^[0-9a-f]{64}$/i, "TOKEN_ENCRYPTION_KEY must be 64 hex characters (32 bytes)")
      .optional(),
    CLICK_HASH_SALT: z.string().default("chorus-dev-salt"),
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
    RUN_JOBS_IN_WEB: z
      .enum(["true", "false", "1", "0", ""])
      .default("false")
      .transform((v) => v === "true" || v === "1"),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.TOKEN_ENCRYPTION_KEY && env.LINKEDIN_CLIENT_ID.startsWith("MOCK_") === false) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["TOKEN_ENCRYPTION_KEY"],
        message: "TOKEN_ENCRYPTION_KEY is required in production with real network credentials",
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  cached = parsed.data;
  return cached;
}

/** True when third-party calls go to the in-process msw mocks (dev, tests, demo). */
export function usesMocks(env: Env = getEnv()): boolean {
  return env.LINKEDIN_CLIENT_ID.startsWith("MOCK_");
}
