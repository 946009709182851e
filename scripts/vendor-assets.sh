#!/usr/bin/env bash
# Installs the pinned front-end packages (package-lock.json) and copies the
# files the binary embeds into internal/web/static/vendor, with a manifest of
# their SHA-256 sums. `go run ./cmd/tongban demo` must work on a machine with
# Go only, so the copies are committed; CI re-runs this script (with --check)
# and fails if they differ from what the lock file installs.
set -euo pipefail
cd "$(dirname "$0")/.."
out=internal/web/static/vendor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp package.json package-lock.json "$tmp/"
(cd "$tmp" && npm ci --ignore-scripts --no-audit --no-fund --silent)
nm="$tmp/node_modules"
mkdir -p "$tmp/out"
cp "$nm/htmx.org/dist/htmx.min.js" "$tmp/out/htmx.min.js"
cp "$nm/@fontsource/noto-sans-mongolian/files/noto-sans-mongolian-mongolian-400-normal.woff2" "$tmp/out/noto-sans-mongolian.woff2"
cp "$nm/@fontsource/noto-sans-mongolian/LICENSE" "$tmp/out/noto-sans-mongolian.LICENSE"
cp "$nm/htmx.org/LICENSE" "$tmp/out/htmx.LICENSE"
(cd "$tmp/out" && sha256sum htmx.min.js noto-sans-mongolian.woff2 noto-sans-mongolian.LICENSE htmx.LICENSE > MANIFEST.sha256)
if [ "${1:-}" = "--check" ]; then
  diff -r "$tmp/out" "$out" && echo "vendored assets match package-lock.json"
  exit
fi
mkdir -p "$out"
cp "$tmp/out/"* "$out/"
echo "vendored assets written to $out"
