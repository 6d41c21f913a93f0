#!/usr/bin/env bash
# The production layout on one machine, on loopback, from Debian's packages (no containers):
#   PostgreSQL primary :55432 ── streaming replica :55433 (pg_basebackup -R, hot standby)
#   PgBouncer :56432 (transaction pooling) in front of the primary
#   two Tracker processes :55001 :55002 (published Release build, Production settings, one keys folder)
#     writes, tokens and tenancy checks → PgBouncer → primary; list and report reads → replica (ConnectionStrings:ReadOnly)
#   nginx :58080 round-robin over both, retrying idempotent requests on the other (proxy_next_upstream)
#   Redis :56379 (shared rate-limit and read-your-writes windows)
#
#   deploy/run.sh up        start what is not running (idempotent; data kept in deploy/.run between runs)
#   deploy/run.sh down      stop everything it started (idempotent)
#   deploy/run.sh --smoke   up, then the checks and the failover drill under load (deploy/smoke.py); leaves it up
#   deploy/run.sh status    what is running
#   deploy/run.sh clean     down, then delete deploy/.run
# Run as root (it starts PostgreSQL and PgBouncer as the postgres user). Ports: see the variables below.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_BIN=/usr/lib/postgresql/15/bin
PRIMARY_PORT=${PRIMARY_PORT:-55432}
REPLICA_PORT=${REPLICA_PORT:-55433}
PGBOUNCER_PORT=${PGBOUNCER_PORT:-56432}
REDIS_PORT=${REDIS_PORT:-56379}
NGINX_PORT=${NGINX_PORT:-58080}
BACKEND_PORTS=(${BACKEND_PORTS:-55001 55002})
POOL_SIZE=${POOL_SIZE:-40} # per process and database; PgBouncer and PostgreSQL limits below are sized from it
WORK=${DEPLOY_DIR:-$PWD/deploy/.run}
PG=$WORK/pg
DB=tracker

fail() { printf 'deploy: %s\n' "$*" >&2; exit 1; }
log() { printf '== %s\n' "$*"; }
as_pg() { runuser -u postgres -- "$@"; }
running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
wait_for() { # seconds description command...
  local seconds=$1 what=$2; shift 2
  for _ in $(seq 1 $((seconds * 4))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.25; done
  fail "$what did not come up within ${seconds}s (logs: $WORK/logs)"
}

require_packages() {
  [ "$(id -u)" = 0 ] || fail "run as root: it starts PostgreSQL and PgBouncer as the postgres user"
  local missing=() pkg
  for pkg in postgresql-15 pgbouncer nginx redis-server curl python3; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || fail "apt-get install ${missing[*]} failed"
  fi
  command -v dotnet >/dev/null || fail "dotnet (SDK 10) is not on PATH"
  for port in "$PRIMARY_PORT" "$REPLICA_PORT" "$PGBOUNCER_PORT" "$REDIS_PORT" "$NGINX_PORT" "${BACKEND_PORTS[@]}"; do
    ss -ltnH "sport = :$port" | grep -q . && ! owned_port "$port" && fail "port $port is taken by another program"
  done
  return 0
}
owned_port() { # is the listener on $1 one of ours (so up may continue)?
  local pids; pids=$(cat "$WORK"/*.pid "$WORK"/*/*.pid "$PG"/*/postmaster.pid 2>/dev/null | grep -E '^[0-9]+$' || true)
  ss -ltnpH "sport = :$1" | grep -oE 'pid=[0-9]+' | cut -d= -f2 | grep -qxF -f <(echo "$pids")
}

secret() { # name: a password made once and kept in the work folder
  [ -s "$WORK/secrets/$1" ] || head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$WORK/secrets/$1"
  cat "$WORK/secrets/$1"
}

# --- PostgreSQL primary and replica ---------------------------------------------------------------------------
pg_up() { # name port
  running_pg "$1" && return 0
  touch "$WORK/logs/postgres-$1.log" && chown postgres "$WORK/logs/postgres-$1.log"
  as_pg "$PG_BIN/pg_ctl" -D "$PG/$1" -l "$WORK/logs/postgres-$1.log" -w -t 60 start </dev/null >/dev/null 2>&1 || fail "PostgreSQL $1 did not start (see $WORK/logs/postgres-$1.log)"
}
running_pg() { as_pg "$PG_BIN/pg_ctl" -D "$PG/$1" status >/dev/null 2>&1; }
psql_on() { # port sql...
  local port=$1; shift
  as_pg psql -h "$PG/sock" -p "$port" -d "${PSQL_DB:-postgres}" -XqAt -v ON_ERROR_STOP=1 "$@"
}

primary_up() {
  if [ ! -d "$PG/primary" ]; then
    log "initdb primary"
    as_pg "$PG_BIN/initdb" -D "$PG/primary" -U postgres --auth-local=peer --auth-host=scram-sha-256 >"$WORK/logs/initdb.log" 2>&1 || fail "initdb failed (see $WORK/logs/initdb.log)"
    cat >>"$PG/primary/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PRIMARY_PORT
unix_socket_directories = '$PG/sock'
max_connections = $((POOL_SIZE * 2 + 40))
wal_keep_size = '256MB'
hot_standby_feedback = on
EOF
  fi
  pg_up primary
  if [ "$(psql_on "$PRIMARY_PORT" -c "SELECT count(*) FROM pg_roles WHERE rolname = 'tracker'")" = 0 ]; then
    psql_on "$PRIMARY_PORT" -c "CREATE ROLE tracker LOGIN PASSWORD '$(secret tracker)'" \
      -c "CREATE ROLE replicator REPLICATION LOGIN PASSWORD '$(secret replicator)'" \
      -c "CREATE DATABASE $DB OWNER tracker" >/dev/null
  fi
  log "primary on 127.0.0.1:$PRIMARY_PORT"
}

replica_up() {
  if [ ! -d "$PG/replica" ]; then
    log "pg_basebackup replica"
    as_pg env PGPASSWORD="$(secret replicator)" "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U replicator \
      -D "$PG/replica" -R -X stream -c fast >"$WORK/logs/basebackup.log" 2>&1 || fail "pg_basebackup failed (see $WORK/logs/basebackup.log)"
    echo "port = $REPLICA_PORT" >>"$PG/replica/postgresql.conf"
  fi
  pg_up replica
  [ "$(psql_on "$REPLICA_PORT" -c 'SELECT pg_is_in_recovery()')" = t ] || fail "the replica on $REPLICA_PORT is not in recovery (not a standby)"
  log "replica on 127.0.0.1:$REPLICA_PORT (streaming from $PRIMARY_PORT)"
}

# --- PgBouncer ------------------------------------------------------------------------------------------------
pgbouncer_up() {
  running "$WORK/pgbouncer/pgbouncer.pid" && { log "pgbouncer on 127.0.0.1:$PGBOUNCER_PORT"; return 0; }
  mkdir -p "$WORK/pgbouncer"
  printf '"tracker" "%s"\n' "$(secret tracker)" >"$WORK/pgbouncer/userlist.txt"
  # Transaction pooling: a server connection is lent per transaction. The server keeps no session state; Npgsql's
  # auto-prepare is off for this path (PgBouncer 1.18 does not track prepared statements).
  cat >"$WORK/pgbouncer/pgbouncer.ini" <<EOF
[databases]
$DB = host=127.0.0.1 port=$PRIMARY_PORT dbname=$DB
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGBOUNCER_PORT
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $WORK/pgbouncer/userlist.txt
pool_mode = transaction
max_client_conn = $((POOL_SIZE * ${#BACKEND_PORTS[@]} + 20))
default_pool_size = $POOL_SIZE
server_reset_query =
logfile = $WORK/logs/pgbouncer.log
pidfile = $WORK/pgbouncer/pgbouncer.pid
EOF
  chown -R postgres "$WORK/pgbouncer"
  chmod 600 "$WORK/pgbouncer/userlist.txt"
  touch "$WORK/logs/pgbouncer.log" && chown postgres "$WORK/logs/pgbouncer.log"
  as_pg pgbouncer -d -q "$WORK/pgbouncer/pgbouncer.ini" </dev/null >/dev/null 2>&1 || fail "pgbouncer did not start (see $WORK/logs/pgbouncer.log)"
  wait_for 10 pgbouncer bash -c "exec 3<>/dev/tcp/127.0.0.1/$PGBOUNCER_PORT"
  log "pgbouncer on 127.0.0.1:$PGBOUNCER_PORT (transaction mode) -> $PRIMARY_PORT"
}

# --- Redis ----------------------------------------------------------------------------------------------------
redis_up() {
  if ! running "$WORK/redis.pid"; then
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
      --pidfile "$WORK/redis.pid" --logfile "$WORK/logs/redis.log" --dir "$WORK" </dev/null >/dev/null 2>&1 || fail "redis-server did not start"
    wait_for 10 Redis redis-cli -p "$REDIS_PORT" ping
  fi
  log "redis on 127.0.0.1:$REDIS_PORT"
}

# --- Tracker --------------------------------------------------------------------------------------------------
publish() {
  local dll="$WORK/app/Tracker.Api.dll"
  if [ -f "$dll" ] && [ -z "$(find src -newer "$dll" -type f -print -quit)" ]; then return 0; fi
  log "publishing (Release)"
  dotnet publish src/Tracker.Api -c Release -o "$WORK/app" --nologo -v quiet >"$WORK/logs/publish.log" 2>&1 || fail "publish failed (see $WORK/logs/publish.log)"
  touch "$dll"
}

tracker_env() {
  local password; password=$(secret tracker)
  export ASPNETCORE_ENVIRONMENT=Production
  export Database__Provider=postgres
  # Through PgBouncer: no auto-prepare (see above), a capped pool per process.
  export ConnectionStrings__Default="Host=127.0.0.1;Port=$PGBOUNCER_PORT;Database=$DB;Username=tracker;Password=$password;Max Auto Prepare=0;Maximum Pool Size=$POOL_SIZE"
  # Migrations take a session lock, which transaction pooling would not keep: straight to the primary.
  export ConnectionStrings__Migrations="Host=127.0.0.1;Port=$PRIMARY_PORT;Database=$DB;Username=tracker;Password=$password;Pooling=false"
  # Straight to the standby; a short connect timeout so a stopped one is given up on quickly.
  export ConnectionStrings__ReadOnly="Host=127.0.0.1;Port=$REPLICA_PORT;Database=$DB;Username=tracker;Password=$password;Maximum Pool Size=$POOL_SIZE;Timeout=2"
  export OAuth__KeysPath="$WORK/keys/oauth"
  export OAuth__Issuer="http://127.0.0.1:$NGINX_PORT/"
  export DataProtection__KeysPath="$WORK/keys/dataprotection"
  export Redis__ConnectionString="127.0.0.1:$REDIS_PORT"
  export Proxy__ForwardedHeaders=true
  export RateLimiting__PermitsPerMinute=${RATE_LIMIT:-1000000} # the drill measures the layout, not the 60/min limit
  export Logging__LogLevel__Default=Warning
  export TRACKER_SEED_OWNER_TOKEN
  TRACKER_SEED_OWNER_TOKEN=$(secret owner-token-suffix | sed 's/^/trk_pat_/')
  export DOTNET_CLI_TELEMETRY_OPTOUT=1
}

tracker_up() { # index (1-based)
  local port=${BACKEND_PORTS[$(($1 - 1))]} pidfile="$WORK/tracker-$1.pid"
  if ! running "$pidfile"; then
    tracker_env
    # Started from the app folder, so its appsettings*.json are the content root's.
    # A simple command in the background, so $! is the server's own pid (setsid does not fork in a script).
    (cd "$WORK/app"; ASPNETCORE_URLS="http://127.0.0.1:$port" setsid dotnet Tracker.Api.dll </dev/null >>"$WORK/logs/tracker-$1.log" 2>&1 & echo $! >"$pidfile")
    for _ in $(seq 1 120); do
      curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
      running "$pidfile" || fail "Tracker $1 exited: $(tail -n 3 "$WORK/logs/tracker-$1.log" | cut -c1-300)"
      sleep 0.5
    done
    curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 || fail "Tracker $1 did not become healthy on port $port"
  fi
  log "tracker $1 on 127.0.0.1:$port (pid $(cat "$pidfile"))"
}

# --- nginx ----------------------------------------------------------------------------------------------------
nginx_up() {
  if ! running "$WORK/nginx/nginx.pid"; then
    mkdir -p "$WORK/nginx"
    printf '    server 127.0.0.1:%s max_fails=1 fail_timeout=3s;\n' "${BACKEND_PORTS[@]}" >"$WORK/nginx/upstreams"
    sed -e "s|@PORT@|$NGINX_PORT|" -e "s|@WORK@|$WORK/nginx|" -e "/@UPSTREAMS@/{r $WORK/nginx/upstreams" -e "d}" \
      deploy/nginx.conf.template >"$WORK/nginx/nginx.conf"
    nginx -t -q -p "$WORK/nginx" -e "$WORK/logs/nginx-error.log" -c "$WORK/nginx/nginx.conf" || fail "nginx configuration rejected"
    nginx -p "$WORK/nginx" -e "$WORK/logs/nginx-error.log" -c "$WORK/nginx/nginx.conf" </dev/null >/dev/null 2>&1 || fail "nginx did not start"
    wait_for 10 nginx curl -fsS "http://127.0.0.1:$NGINX_PORT/health"
  fi
  log "nginx on http://127.0.0.1:$NGINX_PORT -> ${BACKEND_PORTS[*]}"
}

up() {
  require_packages
  mkdir -p "$WORK/logs" "$WORK/keys" "$WORK/secrets" "$PG/sock"
  chmod 700 "$WORK/secrets"
  chown postgres "$PG" "$PG/sock"
  primary_up
  replica_up
  pgbouncer_up
  redis_up
  publish
  for i in $(seq 1 ${#BACKEND_PORTS[@]}); do tracker_up "$i"; done # the first applies migrations and seeds
  nginx_up
}

stop_pid() { # pidfile name
  running "$1" || { rm -f "$1"; return 0; }
  local pid; pid=$(cat "$1")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
  rm -f "$1"
  log "stopped $2"
}

down() {
  [ -d "$WORK" ] || { log "nothing to stop"; return 0; }
  stop_pid "$WORK/nginx/nginx.pid" nginx
  for i in $(seq 1 ${#BACKEND_PORTS[@]}); do stop_pid "$WORK/tracker-$i.pid" "tracker $i"; done
  stop_pid "$WORK/pgbouncer/pgbouncer.pid" pgbouncer
  stop_pid "$WORK/redis.pid" redis
  for name in replica primary; do
    if [ -d "$PG/$name" ] && running_pg "$name"; then
      as_pg "$PG_BIN/pg_ctl" -D "$PG/$name" -m fast -w stop >/dev/null && log "stopped PostgreSQL $name"
    fi
  done
}

status() {
  local name
  for name in primary replica; do
    if [ -d "$PG/$name" ] && running_pg "$name"; then echo "up    postgres $name"; else echo "down  postgres $name"; fi
  done
  for name in pgbouncer/pgbouncer redis nginx/nginx $(seq -f 'tracker-%g' 1 ${#BACKEND_PORTS[@]}); do
    if running "$WORK/$name.pid"; then echo "up    ${name#*/}"; else echo "down  ${name#*/}"; fi
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  clean) down; rm -rf "$WORK"; log "removed $WORK" ;;
  --smoke | smoke)
    up
    tracker_env
    export PRIMARY_PORT REPLICA_PORT NGINX_PORT WORK PG PG_BIN DB
    export BACKENDS="${BACKEND_PORTS[*]}"
    exec python3 deploy/smoke.py ;;
  # Used by the drill (smoke.py), which stops and starts single parts.
  replica-stop) as_pg "$PG_BIN/pg_ctl" -D "$PG/replica" -m fast -w stop >/dev/null ;;
  replica-start) pg_up replica ;;
  replica-pause) PSQL_DB=$DB psql_on "$REPLICA_PORT" -c 'SELECT pg_wal_replay_pause()' >/dev/null ;;
  replica-resume) PSQL_DB=$DB psql_on "$REPLICA_PORT" -c 'SELECT pg_wal_replay_resume()' >/dev/null ;;
  tracker-kill) kill -9 "$(cat "$WORK/tracker-$2.pid")" && rm -f "$WORK/tracker-$2.pid" ;;
  tracker-start) tracker_up "$2" ;;
  *) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
