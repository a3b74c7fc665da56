#!/usr/bin/env bash
# The login page's first load as a browser makes it: builds the release, serves it with brotli
# (quality 11, like a static host's precompressed files) and lists what GET /login fetches, brotli
# bytes per file, with the total the sign-in form needs before it can be used (budget 100 KB) and
# the whole page with the app (a ceiling against regressions). Exits 1 over a budget.
# Usage: scripts/size.sh [DIST]   (DIST: an existing release build, e.g. the e2e tests', not rebuilt)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=env.sh
. scripts/env.sh
dist=${1:-}
if [ -z "$dist" ]; then
  dist="$CARGO_TARGET_DIR/size-dist"
  trunk build --release --dist "$dist" >/dev/null
fi
if port_busy "$SIZE_APP_PORT"; then echo "port $SIZE_APP_PORT is in use (SIZE_APP_PORT)" >&2; exit 1; fi
node e2e/serve.mjs "$dist" "$SIZE_APP_PORT" >/dev/null &
server=$!
# Waited for, so the port is free again when this returns (scripts/bench.sh serves on it next).
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
wait_for_port "$SIZE_APP_PORT" 10
node e2e/perf.mjs "http://127.0.0.1:$SIZE_APP_PORT" bytes
