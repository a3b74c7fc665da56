#!/usr/bin/env bash
# Performance numbers (README, "Performance"); they never fail on a time, only the size budget
# (scripts/size.sh) can. Prints: the first load per file and in total against the budget; the
# median time until the sign-in form is usable, cold loads without throttling and on Slow 4G; the
# SRP client natively and in headless Chromium, ours against amazon-cognito-identity-js 6.3.21 in
# the same session (medians and the ratio) and the client work left after "Sign in".
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=env.sh
. scripts/env.sh
sdk=e2e/node_modules/amazon-cognito-identity-js/dist/amazon-cognito-identity.min.js
[ -f "$sdk" ] || bash scripts/bootstrap.sh

printf '\n\033[1m==> First load of /login (release build, brotli)\033[0m\n'
dist="$CARGO_TARGET_DIR/size-dist"
trunk build --release --dist "$dist" >/dev/null
size_status=0
bash scripts/size.sh "$dist" || size_status=$?

printf '\n\033[1m==> Time to a usable sign-in form (headless Chromium, cold loads)\033[0m\n'
node e2e/serve.mjs "$dist" "$SIZE_APP_PORT" >/dev/null &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
wait_for_port "$SIZE_APP_PORT" 10
node e2e/perf.mjs "http://127.0.0.1:$SIZE_APP_PORT" time
kill $server

printf '\n\033[1m==> SRP client\033[0m\n'
cargo run -q --release -p cognito-crypto --example srp_bench
cargo test --release --target wasm32-unknown-unknown --test srp_bench --features sdk-bench -- --nocapture 2>&1 |
  grep -E "browser SRP|SRP client work|test result"
exit "$size_status"
