#!/usr/bin/env bash
# Regenerates openapi/v2.json from the code: builds the server, starts it on a throwaway SQLite database, fetches
# /openapi/v2.json and stops it. Usage: scripts/openapi.sh [output-file] (default openapi/v2.json).
# With SKIP_BUILD=1 it uses the last build. The test OpenApiDocumentTests fails when the committed file is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-openapi/v2.json}"
port="${OPENAPI_PORT:-5391}"
work="$(mktemp -d)"
[ "${SKIP_BUILD:-0}" = 1 ] || dotnet build src/Tracker.Api -v q -nologo >/dev/null
ConnectionStrings__Default="Data Source=$work/tracker.db" ASPNETCORE_URLS="http://127.0.0.1:$port" \
  dotnet src/Tracker.Api/bin/Debug/net10.0/Tracker.Api.dll >"$work/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:$port/openapi/v2.json" -o "$out.tmp" || { cat "$work/server.log" >&2; exit 1; }
mv "$out.tmp" "$out"
echo "wrote $out ($(wc -c <"$out") bytes)"
