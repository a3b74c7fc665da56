#!/usr/bin/env bash
# Runs every test: native unit/property/vector tests and local-cognito's tests; the
# wasm-bindgen-test suite in headless Chromium; the app end to end in Chromium (Playwright);
# local-cognito with the official amazon-cognito-identity-js, Amplify JS v6 and boto3.
# Installs what is missing first. Exits non-zero if anything fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
started=$SECONDS
bash scripts/bootstrap.sh
# A test run must leave the working tree as it found it (no rewritten screenshots, no state files).
tree_before=$(git status --porcelain 2>/dev/null || true)
# shellcheck source=env.sh
. scripts/env.sh

# shellcheck source=lib/services.sh
. scripts/lib/services.sh

suites_passed=0
suite() { printf '\n\033[1m==> %s\033[0m\n' "$1"; suite_started=$SECONDS; }
done_suite() { suites_passed=$((suites_passed + 1)); printf '    (%ss)\n' "$((SECONDS - suite_started))"; }

suite "Format and lints (rustfmt, clippy for native and wasm32)"
cargo fmt --all --check
cargo clippy -q --workspace --all-targets -- -D warnings
cargo clippy -q --target wasm32-unknown-unknown --all-targets -- -D warnings
done_suite

suite "Native tests (cargo test --workspace)"
cargo test --workspace
done_suite

suite "Starting local-cognito for the browser tests on port $TEST_COGNITO_PORT"
check_ports_free
start_stand_in

suite "Browser tests (wasm-bindgen-test in headless Chromium)"
LOCAL_COGNITO_TEST_ENDPOINT="$COGNITO_URL" cargo test --target wasm32-unknown-unknown
done_suite

suite "Release builds for the end-to-end tests (trunk build --release: classic, choice-based sign-in, phone numbers, user names)"
build_and_serve_apps
done_suite

suite "First-load size budget (what GET /login fetches, brotli; scripts/size.sh)"
bash scripts/size.sh "$CARGO_TARGET_DIR/e2e-dist"
done_suite

suite "End to end: the app in Chromium (faults, lockouts, axe, CSP), and local-cognito with amazon-cognito-identity-js and Amplify JS v6"
node --test --test-concurrency=1 e2e/
done_suite

suite "End to end against ministack, an independent Cognito emulator (pinned, AUTH=true)"
ministack_dir=$(mktemp -d)
(cd "$ministack_dir" && AUTH=true GATEWAY_PORT="$TEST_MINISTACK_PORT" exec "$MINISTACK_VENV/bin/ministack" > "$ministack_dir/ministack.log" 2>&1) &
pids+=($!)
wait_for_port "$TEST_MINISTACK_PORT" 60
ms_env=$("$PY_VENV/bin/python" e2e/ministack_setup.py "http://127.0.0.1:$TEST_MINISTACK_PORT")
eval "$ms_env"
# ministack has no ListUserSessions and answers unknown operations without CORS headers.
COGNITO_USER_POOL_ID="$MS_POOL_ID" COGNITO_CLIENT_ID="$MS_CLIENT_ID" COGNITO_ENDPOINT="http://127.0.0.1:$TEST_MINISTACK_PORT/" USER_SESSIONS=off \
  trunk build --release --dist "$CARGO_TARGET_DIR/ministack-dist"
node e2e/serve.mjs "$CARGO_TARGET_DIR/ministack-dist" "$TEST_MINISTACK_APP_PORT" &
pids+=($!)
wait_for_port "$TEST_MINISTACK_APP_PORT" 10
MINISTACK_APP_URL="http://127.0.0.1:$TEST_MINISTACK_APP_PORT" MINISTACK_EMAIL="$MS_EMAIL" node --test e2e/ministack.e2e.mjs
done_suite

suite "local-cognito admin operations with boto3"
"$PY_VENV/bin/python" -m unittest -v e2e/test_admin_boto3.py
done_suite

suite "The working tree is as the test run found it"
tree_after=$(git status --porcelain 2>/dev/null || true)
if [ "$tree_after" != "$tree_before" ]; then
  echo "the test run changed the working tree:" >&2
  diff <(echo "$tree_before") <(echo "$tree_after") >&2 || true
  exit 1
fi
done_suite

printf '\nAll test suites passed in %ss.\nsuites: %s passed, 0 failed\n' "$((SECONDS - started))" "$suites_passed"
