#!/usr/bin/env bash
# Lints an OpenAPI document with Redocly CLI (recommended rules) and Spectral (spectral:oas), both pinned in
# openapi/package.json. Usage: openapi/lint.sh [document] (default openapi/v2.json). Any error or warning fails.
set -euo pipefail
cd "$(dirname "$0")"
doc="$(realpath "${1:-v2.json}")"
[ -x node_modules/.bin/redocly ] || npm ci --no-audit --no-fund --ignore-scripts >/dev/null
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
echo "== Redocly (recommended) =="
# Redocly fails only on errors; its JSON totals make a warning fail too.
node_modules/.bin/redocly lint "$doc" --config redocly.yaml --max-problems 500 --format stylish || true
node_modules/.bin/redocly lint "$doc" --config redocly.yaml --format json 2>/dev/null \
  | node -e 'const r = JSON.parse(require("fs").readFileSync(0, "utf8")).totals;
             if (r.errors + r.warnings > 0) { console.error(`Redocly: ${r.errors} errors, ${r.warnings} warnings`); process.exit(1); }'
echo "== Spectral (spectral:oas) =="
node_modules/.bin/spectral lint "$doc" --ruleset .spectral.yaml --fail-severity warn
