#!/usr/bin/env bash
# The import's memory figure (issue 19): publishes the server (Release), starts it on a throwaway SQLite database,
# generates a Toggl CSV of ROWS rows (default 1,000,000; bench/import-file.py), POSTs it to /api/v2/imports as a
# streamed text/csv body and prints the server's peak resident set (VmHWM) before and after, and the answer's counts.
# Usage: bench/import-memory.sh [ROWS]. Writes nothing in the repository; the figure goes in bench/RESULTS.md by hand.
# SERVER_DIR=folder reuses a server published there (dotnet publish src/Tracker.Api -c Release -o folder);
# CSV_FILE=path imports that file instead of generating one.
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-1000000}"
port="${IMPORT_BENCH_PORT:-5427}"
work="$(mktemp -d /tmp/tracker-import-bench.XXXXXX)"
dir="${SERVER_DIR:-$work/server}"
[ -n "${SERVER_DIR:-}" ] || dotnet publish src/Tracker.Api -c Release -o "$dir" --nologo -v quiet
export ConnectionStrings__Default="Data Source=$work/tracker.db" Seed__Enabled=false
server() { dotnet "$dir/Tracker.Api.dll" "$@"; }
ASPNETCORE_URLS="http://127.0.0.1:$port" dotnet "$dir/Tracker.Api.dll" >"$work/server.log" 2>&1 &
pid=$! # the server process itself, for its /proc status
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done

server workspace create --name "Import bench" --owner-email bench-owner@example.com --first-name Bench --last-name Owner >/dev/null
# The Owner of a workspace made on the command line is invited; accept it in the database (no browser here).
sqlite3 "$work/tracker.db" "UPDATE Members SET Status='active', InvitedFirstName=NULL, InvitedLastName=NULL, InvitationTokenHash=NULL;"
token="$(server token create --email bench-owner@example.com | tail -1)"
ws="$(sqlite3 "$work/tracker.db" "SELECT Id FROM Workspaces WHERE Name = 'Import bench';")"

csv="${CSV_FILE:-$work/toggl.csv}"
[ -n "${CSV_FILE:-}" ] || python3 bench/import-file.py "$rows" >"$csv"
rows=$(( $(wc -l <"$csv") - 1 ))
size=$(stat -c %s "$csv")
before=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
idle=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
start=$(date +%s)
curl -sS -X POST -H "Authorization: Bearer $token" -H "Content-Type: text/csv" -T "$csv" \
  "http://127.0.0.1:$port/api/v2/imports?workspace_id=$ws&source=toggl" -o "$work/answer.json"
seconds=$(( $(date +%s) - start ))
after=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
python3 - "$work/answer.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
d = a.get("data") or {}
print("answer:", a.get("message"))
print("rows", d.get("rows"), "entries_created", d.get("entries_created"), "members_created", d.get("members_created"),
      "errors", len(d.get("errors") or []))
PY
echo "file: $rows rows, $((size / 1024 / 1024)) MiB; import took ${seconds}s"
echo "server RSS before the import $((idle / 1024)) MiB (peak so far $((before / 1024)) MiB); peak RSS (VmHWM) after it $((after / 1024)) MiB"
