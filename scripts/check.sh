#!/usr/bin/env bash
# The fast inner loop, before a commit: formatting, lints (native and wasm32), the native tests
# (crypto vectors, wire, auth rules, local-cognito) and the headless-browser unit tests. No release
# build and no end-to-end run (./scripts/e2e.sh runs those; ./scripts/test.sh runs everything,
# as CI does). Needs the tools ./scripts/bootstrap.sh installs.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
# shellcheck source=env.sh
. scripts/env.sh
for tool in wasm-bindgen-test-runner chromedriver; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run ./scripts/bootstrap.sh first" >&2; exit 1; }
done
# shellcheck source=lib/services.sh
. scripts/lib/services.sh
step() { printf '\033[1m==> %s\033[0m\n' "$*"; }

step "rustfmt"
cargo fmt --all --check
step "clippy (native, wasm32)"
cargo clippy -q --workspace --all-targets -- -D warnings
cargo clippy -q --target wasm32-unknown-unknown --all-targets -- -D warnings
step "native tests"
cargo test -q --workspace
step "headless-browser unit tests (wasm-bindgen-test, against local-cognito)"
if port_busy "$TEST_COGNITO_PORT"; then echo "port $TEST_COGNITO_PORT is in use (a test run?)" >&2; exit 1; fi
start_stand_in
LOCAL_COGNITO_TEST_ENDPOINT="$COGNITO_URL" cargo test --target wasm32-unknown-unknown
printf '\ncheck.sh passed in %ss.\n' "$((SECONDS - started))"
