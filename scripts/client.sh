#!/usr/bin/env bash
# Regenerates src/Tracker.Client/Generated from the committed openapi/v2.json with Kiota (the local dotnet tool in
# dotnet-tools.json) and records the document's SHA-256 beside it; ClientFreshnessTests fails when they differ.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
out=src/Tracker.Client/Generated
rm -rf "$out"
# --exclude-backward-compatible: no obsolete duplicates; --clean-output: nothing left from an older document.
KIOTA_UPDATE_DISABLED=true KIOTA_TUTORIAL_ENABLED=false dotnet kiota generate --language CSharp --openapi openapi/v2.json --output "$out" \
  --class-name TrackerApiClient --namespace-name Tracker.Client.Generated \
  --exclude-backward-compatible --clean-output --log-level Warning
rm -f "$out/kiota-lock.json"
sha256sum openapi/v2.json | cut -d' ' -f1 > "$out/openapi.sha256"
echo "generated $(find "$out" -name '*.cs' | wc -l) files from openapi/v2.json ($(cat "$out/openapi.sha256"))"
