#!/usr/bin/env bash
# Prints how long the SRP client takes, natively and in headless Chromium (release builds).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=env.sh
. scripts/env.sh
cargo run -q --release -p cognito-crypto --example srp_bench
cargo test --release --target wasm32-unknown-unknown --test srp_bench -- --nocapture 2>&1 | grep -E "browser SRP|test result"
