/**
 * Postgres errors by SQLSTATE, on pg and PGlite alike. drizzle may wrap the driver's error (its
 * DrizzleQueryError keeps the original as `cause`), so the chain of causes is searched.
 */
function sqlState(error: unknown): { code?: string; constraint?: string } | null {
  for (
    let e = error, depth = 0;
    e && typeof e === "object" && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return e;
  }
  return null;
}

/** True for a unique violation (23505), optionally of one named constraint or index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const state = sqlState(error);
  if (state?.code !== "23505") return false;
  return constraint === undefined || state.constraint === constraint;
}

/** True for a foreign-key violation (23503): the row names a team, item or user that does not exist (any more). */
export function isForeignKeyViolation(error: unknown, constraint?: string): boolean {
  const state = sqlState(error);
  if (state?.code !== "23503") return false;
  return constraint === undefined || state.constraint === constraint;
}

export type ConstraintMessages = Record<string, { field: string; message: string }>;

/**
 * What each constraint a visitor can run into means, for the field they filled in. Checking first ("is the
 * name taken?") is not enough where two requests can race: the constraint decides, and this says it in words.
 */
export const CONSTRAINT_MESSAGES: ConstraintMessages = {
  teams_name_unique: { field: "name", message: "A team with this name already exists." },
  brands_name_unique: { field: "name", message: "Another brand already has this name." },
  badges_slug_unique: { field: "name", message: "A badge with this name exists; pick another name." },
  challenges_team_id_teams_id_fk: { field: "teamId", message: "That team no longer exists; pick another." },
  invitations_team_id_teams_id_fk: { field: "teamId", message: "That team no longer exists." },
  users_team_id_teams_id_fk: { field: "teamId", message: "That team no longer exists." },
  pack_targets_team_id_teams_id_fk: {
    field: "teamIds",
    message: "One of the teams no longer exists; reload and pick again.",
  },
};

/**
 * A unique (23505) or foreign-key (23503) violation as the field error to show, looked up by constraint
 * name; one not listed gets `fallback` (decision 012). Anything else is not a visitor's mistake: null, and
 * the caller rethrows it.
 */
export function constraintFieldError(
  error: unknown,
  messages: ConstraintMessages = CONSTRAINT_MESSAGES,
  fallback: { field: string; message: string } = {
    field: "form",
    message: "That conflicts with something saved meanwhile; reload and try again.",
  },
): { field: string; message: string } | null {
  const state = sqlState(error);
  if (state?.code !== "23505" && state?.code !== "23503") return null;
  return (state.constraint && messages[state.constraint]) || fallback;
}

/** For `.then(ok, constraintProblem)`: a constraint violation becomes `{ problem }`; anything else is rethrown. */
export function constraintProblem(error: unknown): { problem: { field: string; message: string } } {
  const problem = constraintFieldError(error);
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- the query's own error, rethrown unchanged
  if (!problem) throw error;
  return { problem };
}
