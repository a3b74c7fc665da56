#!/usr/bin/env bash
# The end-to-end tests alone, or some of them, for working on the app: starts local-cognito,
# builds and serves the two release builds as ./scripts/test.sh does, then runs the Playwright
# files given (default: all of e2e/). The full run, with everything else, is ./scripts/test.sh.
#   ./scripts/e2e.sh e2e/session.test.mjs e2e/framing.test.mjs
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=env.sh
. scripts/env.sh
# shellcheck source=lib/services.sh
. scripts/lib/services.sh
check_ports_free
start_stand_in
build_and_serve_apps
node --test --test-concurrency=1 "${@:-e2e/}"
