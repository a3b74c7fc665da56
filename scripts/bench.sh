#!/usr/bin/env bash
# Prints how long the SRP client takes, natively and in headless Chromium (release builds), and
# ours against amazon-cognito-identity-js 6.3.21 in the same Chromium session; then the size.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=env.sh
. scripts/env.sh
cargo run -q --release -p cognito-crypto --example srp_bench
sdk=e2e/node_modules/amazon-cognito-identity-js/dist/amazon-cognito-identity.min.js
[ -f "$sdk" ] || bash scripts/bootstrap.sh
cargo test --release --target wasm32-unknown-unknown --test srp_bench --features sdk-bench -- --nocapture 2>&1 |
  grep -E "browser SRP|SRP client work|test result"
bash scripts/size.sh
