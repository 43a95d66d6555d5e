-- Decision 030: no JIT compilation for this database's sessions. Chorus's queries are short page reads and
-- set-based job statements; the planner's cost estimates for several page reads pass jit_above_cost (an
-- anti-join under LIMIT estimated at 180,000), and compiling them took 22 ms of a 1.5 ms query on every
-- request. A database setting reaches every new session however it connects, through a transaction pooler
-- too (a session SET would not). An owner or superuser may change it; a role that may not is told, and the
-- app still works (the pages are slower).
DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'jit stays on: % may not alter database %; run ALTER DATABASE % SET jit = off as its owner (decision 030)',
    current_user, current_database(), current_database();
END
$$;
