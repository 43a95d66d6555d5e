#!/usr/bin/env bash
# Starts a pgbouncer in transaction mode in front of the local Postgres (decision 023), for CI and for running the
# suite or the app through a pooler by hand:
#
#   scripts/pgbouncer.sh            # listens on 127.0.0.1:6432; any database name is passed on to 127.0.0.1:5432
#   DATABASE_URL=postgres://postgres@127.0.0.1:6432/postgres npm test
#   scripts/pgbouncer.sh stop
#
# Idempotent: when something already answers on the port it says so and leaves it alone. Its files (config, log,
# pid) live in a temporary directory, PGBOUNCER_DIR (default: /tmp/chorus-pgbouncer-<port>). pgbouncer refuses to
# run as root, so as root it runs as the postgres user.
#
# Environment: PGBOUNCER_PORT (6432), PGBOUNCER_UPSTREAM_HOST (127.0.0.1), PGBOUNCER_UPSTREAM_PORT (5432),
# PGBOUNCER_POOL_SIZE (server connections per database, 10), PGBOUNCER_BIN (pgbouncer on PATH or /usr/sbin).
set -euo pipefail

port="${PGBOUNCER_PORT:-6432}"
upstream_host="${PGBOUNCER_UPSTREAM_HOST:-127.0.0.1}"
upstream_port="${PGBOUNCER_UPSTREAM_PORT:-5432}"
pool_size="${PGBOUNCER_POOL_SIZE:-10}"
dir="${PGBOUNCER_DIR:-${TMPDIR:-/tmp}/chorus-pgbouncer-${port}}"
bin="${PGBOUNCER_BIN:-$(command -v pgbouncer || echo /usr/sbin/pgbouncer)}"

answers() { pg_isready -h 127.0.0.1 -p "$port" -q 2>/dev/null; }

if [ "${1:-start}" = "stop" ]; then
  if [ -f "$dir/pgbouncer.pid" ] && kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null; then
    for _ in $(seq 1 50); do answers || break; sleep 0.1; done
    echo "pgbouncer on 127.0.0.1:${port} stopped"
  else
    echo "no pgbouncer of ours on 127.0.0.1:${port}"
  fi
  exit 0
fi

if answers; then
  echo "pgbouncer already running on 127.0.0.1:${port}"
  exit 0
fi
if [ ! -x "$bin" ]; then
  echo "pgbouncer not found (apt-get install pgbouncer)" >&2
  exit 1
fi

mkdir -p "$dir"
# trust: no password is checked, but pgbouncer still wants every user it admits listed in the auth file.
printf '"postgres" ""\n' >"$dir/userlist.txt"
cat >"$dir/pgbouncer.ini" <<EOF
[databases]
; Any database name a client asks for goes to the same server under that name (the test suite makes one per file).
* = host=${upstream_host} port=${upstream_port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${port}
unix_socket_dir =
auth_type = trust
auth_file = ${dir}/userlist.txt
admin_users = postgres
stats_users = postgres
pool_mode = transaction
; Clients: every web process, worker and test file keeps a pg.Pool of 10-20; the suite runs several at once.
max_client_conn = 2000
; Server connections per database: a 2-core server runs about 2 x cores statements at once; the rest is headroom
; for the transactions a job holds open around its run (jobs/runner.ts) while its statements use other connections.
default_pool_size = ${pool_size}
reserve_pool_size = 5
reserve_pool_timeout = 3
; All databases together stay well under Postgres's max_connections (100), leaving room for direct connections.
max_user_connections = 60
; Pools of databases the tests have dropped give their connections back soon.
server_idle_timeout = 15
; Transaction mode: nothing of a session survives a transaction, and nothing resets one (no server_reset_query).
server_reset_query =
; node-pg and psql may send these at start-up; pgbouncer would refuse an unknown one.
ignore_startup_parameters = extra_float_digits,options
logfile = ${dir}/pgbouncer.log
pidfile = ${dir}/pgbouncer.pid
EOF

run_as=()
if [ "$(id -u)" = "0" ]; then
  chown -R postgres: "$dir"
  run_as=(-u postgres)
fi
rm -f "$dir/pgbouncer.pid"
"$bin" -d "${run_as[@]}" "$dir/pgbouncer.ini"
for _ in $(seq 1 50); do answers && break; sleep 0.1; done
if ! answers; then
  echo "pgbouncer did not start; its log:" >&2
  tail -20 "$dir/pgbouncer.log" >&2 || true
  exit 1
fi
echo "pgbouncer started on 127.0.0.1:${port} (transaction mode, ${pool_size} server connections per database; ${dir})"
