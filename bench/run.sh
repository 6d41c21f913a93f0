#!/usr/bin/env bash
# Rerun the benchmark: publishes the server (Release), then seeds tracker_bench on PostgreSQL (and copies it into a
# SQLite file), drives loopback load with wrk against the server on each provider and a baseline per scenario, and
# rewrites its parts of bench/RESULTS.md (other sections are kept). Needs PostgreSQL on 127.0.0.1:5432
# (TRACKER_BENCH_POSTGRES to point elsewhere) and wrk (apt-get install wrk).
# Extra arguments go to the harness: --seconds N, --rounds N, --warmup N, --connections N, --entries N, --keep, --reuse,
# --provider postgres|sqlite|both, --only a,b, --port P;
# --soak M runs M minutes of a mixed load at 70% of its maximum instead (the "Soak" section);
# --variants "name:ENV=V,…;…" runs one server per runtime-settings variant (the "Runtime settings A/B" section);
# --pages N times the web app pages instead (N requests each, signed in as the seeded owner) and rewrites only the
# "Web pages" section of bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
out=$(mktemp -d /tmp/tracker-bench.XXXXXX)
trap 'rm -rf "$out"' EXIT
dotnet publish src/Tracker.Api -c Release -o "$out/server" --nologo -v quiet
dotnet run --project bench/Tracker.Bench -c Release -- --server "$out/server/Tracker.Api.dll" --output "$PWD/bench/RESULTS.md" "$@"
