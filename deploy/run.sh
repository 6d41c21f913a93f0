#!/usr/bin/env bash
# Production layout on one machine, all on loopback, then a smoke test through nginx:
#   PostgreSQL (shared database) + Redis (shared rate-limit windows)
#   two Tracker processes (published Release build, Production settings, one shared keys folder)
#   nginx in front, round-robin over both.
# Everything it starts it stops again on exit (Ctrl-C included); set KEEP_RUNNING=1 to keep the layout up
# after the smoke test until Ctrl-C. Run as root from a clone: bash deploy/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

NGINX_PORT=${NGINX_PORT:-8088}
BACKEND_PORTS=(${BACKEND_PORTS:-5101 5102})
REDIS_PORT=${REDIS_PORT:-6390}
WORK=$(mktemp -d /tmp/tracker-deploy.XXXXXX)
chmod 755 "$WORK"
DB_NAME="tracker_deploy_$$"
DB_USER="tracker_deploy_$$"
DB_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
SERVER_PIDS=()
NGINX_PID=""
REDIS_STARTED=""
PG_STARTED=""
DB_CREATED=""

log() { printf '== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; for f in "$WORK"/logs/*.log; do [ -s "$f" ] && { echo "--- $f"; tail -n 5 "$f" | cut -c1-400; }; done; exit 1; }

cleanup() {
  set +e
  log "cleaning up"
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
  for pid in "${SERVER_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${SERVER_PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  [ -n "$REDIS_STARTED" ] && redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1
  if [ -n "$DB_CREATED" ]; then
    su postgres -c "psql -q -c 'DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)' -c 'DROP ROLE IF EXISTS \"$DB_USER\"'" >/dev/null
  fi
  [ -n "$PG_STARTED" ] && pg_ctlcluster 15 main stop
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- packages (Debian's) -------------------------------------------------------------------------------------
export DEBIAN_FRONTEND=noninteractive
missing=()
for pkg in postgresql-15 redis-server nginx curl; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# Debian's packages try to start their own services; this layout runs its own instances instead.
command -v systemctl >/dev/null && systemctl is-active -q nginx 2>/dev/null && log "note: a system nginx is running; ours uses port $NGINX_PORT"

# --- PostgreSQL ----------------------------------------------------------------------------------------------
pg_lsclusters -h | grep -q '^15 *main' || pg_createcluster 15 main >/dev/null
if ! pg_lsclusters -h | grep -q '^15 *main .*online'; then
  log "starting PostgreSQL 15"
  pg_ctlcluster 15 main start && PG_STARTED=1
fi
for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
pg_isready -h 127.0.0.1 -p 5432 -q || fail "PostgreSQL is not answering on 127.0.0.1:5432"
su postgres -c "psql -q -v ON_ERROR_STOP=1 -c \"CREATE ROLE \\\"$DB_USER\\\" LOGIN PASSWORD '$DB_PASSWORD'\" -c 'CREATE DATABASE \"$DB_NAME\" OWNER \"$DB_USER\"'" >/dev/null
DB_CREATED=1
log "database $DB_NAME ready"

# --- Redis ---------------------------------------------------------------------------------------------------
mkdir -p "$WORK/logs" "$WORK/keys" "$WORK/nginx"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --pidfile "$WORK/redis.pid" --logfile "$WORK/logs/redis.log" --dir "$WORK"
REDIS_STARTED=1
for _ in $(seq 1 20); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.25; done
redis-cli -p "$REDIS_PORT" ping >/dev/null || fail "Redis did not start"
log "redis on 127.0.0.1:$REDIS_PORT"

# --- the server: published build, production settings --------------------------------------------------------
log "publishing (Release)"
dotnet publish src/Tracker.Api -c Release -o "$WORK/app" --nologo -v quiet >"$WORK/logs/publish.log" 2>&1 || fail "publish failed"

OWNER_TOKEN="trk_pat_$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ASPNETCORE_ENVIRONMENT=Production
export Database__Provider=postgres
export ConnectionStrings__Default="Host=127.0.0.1;Port=5432;Database=$DB_NAME;Username=$DB_USER;Password=$DB_PASSWORD"
export OAuth__KeysPath="$WORK/keys/oauth"
export OAuth__Issuer="http://127.0.0.1:$NGINX_PORT/"
export DataProtection__KeysPath="$WORK/keys/dataprotection"
export Redis__ConnectionString="127.0.0.1:$REDIS_PORT"
export Proxy__ForwardedHeaders=true
export TRACKER_SEED_OWNER_TOKEN="$OWNER_TOKEN"
export DOTNET_CLI_TELEMETRY_OPTOUT=1

start_server() { # port index
  # Started from the app folder, so its appsettings*.json are the content root's.
  (cd "$WORK/app" && ASPNETCORE_URLS="http://127.0.0.1:$1" exec dotnet Tracker.Api.dll >"$WORK/logs/server-$2.log" 2>&1) &
  SERVER_PIDS+=($!)
  for _ in $(seq 1 60); do
    curl -fsS "http://127.0.0.1:$1/health" >/dev/null 2>&1 && return 0
    kill -0 "${SERVER_PIDS[-1]}" 2>/dev/null || fail "server $2 exited"
    sleep 0.5
  done
  fail "server $2 did not become healthy on port $1"
}
# The first process applies the migrations and seeds the demo workspace; the others start on a ready schema.
i=1
for port in "${BACKEND_PORTS[@]}"; do start_server "$port" "$i"; log "server $i on 127.0.0.1:$port (pid ${SERVER_PIDS[-1]})"; i=$((i + 1)); done

# --- nginx ---------------------------------------------------------------------------------------------------
printf '    server 127.0.0.1:%s;\n' "${BACKEND_PORTS[@]}" >"$WORK/nginx/upstreams"
sed -e "s|@PORT@|$NGINX_PORT|" -e "s|@WORK@|$WORK/nginx|" -e "/@UPSTREAMS@/{r $WORK/nginx/upstreams" -e "d}" \
  deploy/nginx.conf.template >"$WORK/nginx/nginx.conf"
nginx -t -q -p "$WORK/nginx" -e "$WORK/logs/nginx-error.log" -c "$WORK/nginx/nginx.conf" || fail "nginx config"
nginx -p "$WORK/nginx" -e "$WORK/logs/nginx-error.log" -c "$WORK/nginx/nginx.conf" &
NGINX_PID=$!
BASE="http://127.0.0.1:$NGINX_PORT"
for _ in $(seq 1 20); do curl -fsS "$BASE/health" >/dev/null 2>&1 && break; sleep 0.25; done
log "nginx on $BASE -> ${BACKEND_PORTS[*]}"

# --- smoke test ----------------------------------------------------------------------------------------------
log "smoke test"
[ "$(curl -fsS "$BASE/health")" = "Healthy" ] || fail "health through nginx"
echo "ok  health through nginx"

curl -fsS -H "Authorization: Bearer $OWNER_TOKEN" "$BASE/api/v2/workspaces" | grep -q '"success":true' || fail "PAT through nginx"
echo "ok  personal access token through nginx"

client=$(dotnet "$WORK/app/Tracker.Api.dll" oauth-client create --email owner@demo.tracker --name deploy-smoke --client-credentials 2>>"$WORK/logs/cli.log")
client_id=$(sed -n 's/^client_id=\(.*\)$/\1/p' <<<"$client")
client_secret=$(sed -n 's/^client_secret=\([^ ]*\).*$/\1/p' <<<"$client")
[ -n "$client_id" ] && [ -n "$client_secret" ] || fail "could not create an OAuth client"
first="http://127.0.0.1:${BACKEND_PORTS[0]}"
second="http://127.0.0.1:${BACKEND_PORTS[1]}"
curl -sS -o "$WORK/token.json" "$first/oauth/token" -d grant_type=client_credentials -d scope=read \
  --data-urlencode "client_id=$client_id" --data-urlencode "client_secret=$client_secret"
access_token=$(sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p' "$WORK/token.json")
[ -n "$access_token" ] || fail "no access token from $first: $(cat "$WORK/token.json")"
status=$(curl -sS -o "$WORK/second.json" -w '%{http_code}' -H "Authorization: Bearer $access_token" "$second/api/v2/workspaces")
[ "$status" = 200 ] && grep -q '"success":true' "$WORK/second.json" || fail "token from $first refused by $second ($status)"
echo "ok  OAuth token issued by $first accepted by $second"

# A user who has made no request yet: 60 requests through nginx land on both processes, the 61st is refused.
fresh_token=$(dotnet "$WORK/app/Tracker.Api.dll" token create --email employee@demo.tracker --name deploy-smoke 2>>"$WORK/logs/cli.log" | tail -n 1)
[[ "$fresh_token" == trk_pat_* ]] || fail "could not create a token for the rate-limit test"
: >"$WORK/upstreams"
for n in $(seq 1 60); do
  code=$(curl -sS -o /dev/null -D "$WORK/headers" -w '%{http_code}' -H "Authorization: Bearer $fresh_token" "$BASE/api/v2/workspaces")
  [ "$code" = 200 ] || fail "request $n of 60 answered $code"
  tr -d '\r' <"$WORK/headers" | sed -n 's/^x-upstream: //Ip' >>"$WORK/upstreams"
done
[ "$(sort -u "$WORK/upstreams" | wc -l)" -ge 2 ] || fail "the 60 requests did not reach both processes"
code=$(curl -sS -o "$WORK/refused.json" -D "$WORK/headers" -w '%{http_code}' -H "Authorization: Bearer $fresh_token" "$BASE/api/v2/workspaces")
[ "$code" = 429 ] && grep -q '"Too Many Attempts."' "$WORK/refused.json" || fail "61st request answered $code"
grep -qi '^retry-after:' "$WORK/headers" || fail "429 without Retry-After"
echo "ok  60 requests served by $(sort -u "$WORK/upstreams" | tr '\n' ' ')and the 61st refused (429)"

log "smoke test passed"
if [ "${KEEP_RUNNING:-0}" = 1 ]; then
  log "layout up at $BASE (owner token $OWNER_TOKEN); Ctrl-C stops everything"
  wait "$NGINX_PID"
fi
