#!/usr/bin/env bash
# Rerun the benchmark: publishes the server (Release), then seeds tracker_bench on PostgreSQL, drives loopback load
# with wrk against the server and the two baselines, and rewrites bench/RESULTS.md. Needs PostgreSQL on
# 127.0.0.1:5432 (TRACKER_BENCH_POSTGRES to point elsewhere) and wrk (apt-get install wrk).
# Extra arguments go to the harness: --seconds N, --rounds N, --connections N, --entries N, --keep, --reuse;
# --pages N times the web app pages instead (N requests each, signed in as the seeded owner) and rewrites only the
# "Web pages" section of bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
out=$(mktemp -d /tmp/tracker-bench.XXXXXX)
trap 'rm -rf "$out"' EXIT
dotnet publish src/Tracker.Api -c Release -o "$out/server" --nologo -v quiet
dotnet run --project bench/Tracker.Bench -c Release -- --server "$out/server/Tracker.Api.dll" --output "$PWD/bench/RESULTS.md" "$@"
