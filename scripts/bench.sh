#!/usr/bin/env bash
# Performance numbers (docs/performance.md); they never fail on a time, only the size budget
# (scripts/size.sh) can. Prints: the first load per file and in total against the budget; the
# median time until the sign-in form is usable, cold loads without throttling and on Slow 4G; the
# SRP client natively and in headless Chromium, ours against amazon-cognito-identity-js 6.3.21 in
# the same session (medians and the ratio) and the client work left after "Sign in".
#
# ORIGINAL_SRC=<a checkout of github.com/gamertense/nextjs-amazon-cognito> also builds the Next.js
# original we replace (npm ci, next build as a static export, so both are served by e2e/serve.mjs
# with brotli) and measures its first load and time to usable in the same run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${ORIGINAL_SRC:-}" ]; then
  ORIGINAL_SRC=$(CDPATH='' cd -- "$ORIGINAL_SRC" && pwd -P) || { echo "ORIGINAL_SRC: no such directory" >&2; exit 2; }
fi
cd "$root"
# shellcheck source=env.sh
. scripts/env.sh
sdk=e2e/node_modules/amazon-cognito-identity-js/dist/amazon-cognito-identity.min.js
[ -f "$sdk" ] || bash scripts/bootstrap.sh

for port in "$SIZE_APP_PORT" "$ORIGINAL_APP_PORT"; do
  if port_busy "$port"; then echo "port $port is in use: stop what runs there (an earlier run?)" >&2; exit 1; fi
done

printf '\n\033[1m==> First load of /login (release build, brotli)\033[0m\n'
dist="$CARGO_TARGET_DIR/size-dist"
trunk build --release --dist "$dist" >/dev/null
size_status=0
bash scripts/size.sh "$dist" || size_status=$?
servers=()
stop_servers() {
  [ ${#servers[@]} -gt 0 ] || return 0
  kill "${servers[@]}" 2>/dev/null || true
  wait "${servers[@]}" 2>/dev/null || true
  servers=()
}
trap stop_servers EXIT

original_url=
if [ -n "${ORIGINAL_SRC:-}" ]; then
  printf '\n\033[1m==> The original (Next.js + amazon-cognito-identity-js, %s)\033[0m\n' "$ORIGINAL_SRC"
  mkdir -p "$CARGO_TARGET_DIR"
  original="$(CDPATH='' cd -- "$CARGO_TARGET_DIR" && pwd -P)/nextjs-original"
  case "$ORIGINAL_SRC/" in "$original/"*) echo "ORIGINAL_SRC must not be inside $original" >&2; exit 2 ;; esac
  case "$original/" in "$ORIGINAL_SRC/"*) echo "the build directory must not be inside ORIGINAL_SRC" >&2; exit 2 ;; esac
  rm -rf "$original" && mkdir -p "$original"
  # The committed tree of a checkout (or of a bare clone), else the directory as it is.
  if [ "$(git -C "$ORIGINAL_SRC" rev-parse --is-bare-repository 2>/dev/null)" = true ] ||
    [ "$(git -C "$ORIGINAL_SRC" rev-parse --show-toplevel 2>/dev/null)" = "$ORIGINAL_SRC" ]; then
    git -C "$ORIGINAL_SRC" archive HEAD | tar -x -C "$original"
  else
    tar -C "$ORIGINAL_SRC" -c --exclude=node_modules --exclude=.next --exclude=out . | tar -x -C "$original"
  fi
  [ -f "$original/package.json" ] || { echo "ORIGINAL_SRC has no package.json" >&2; exit 2; }
  # Its config, replaced by the same plus a static export: the pages it prerenders, as a static
  # host serves them (Next reads next.config.js or .mjs before .ts: none of them may stay).
  rm -f "$original"/next.config.*
  cat > "$original/next.config.ts" <<'CONFIG'
import type { NextConfig } from "next";
const nextConfig: NextConfig = { reactStrictMode: true, output: "export" };
export default nextConfig;
CONFIG
  echo "npm ci and next build in $original (log: $original/build.log)"
  if ! (cd "$original" && npm ci --no-audit --no-fund && NEXT_TELEMETRY_DISABLED=1 \
    NEXT_PUBLIC_COGNITO_USER_POOL_ID=us-east-1_Example1 NEXT_PUBLIC_COGNITO_CLIENT_ID=example npx next build) \
    >"$original/build.log" 2>&1 || [ ! -f "$original/out/login.html" ]; then
    tail -20 "$original/build.log"
    echo "the original did not build (or has no /login page)" >&2
    exit 1
  fi
  node e2e/serve.mjs "$original/out" "$ORIGINAL_APP_PORT" --plain >/dev/null &
  servers+=($!)
  wait_for_port "$ORIGINAL_APP_PORT" 10
  original_url="http://127.0.0.1:$ORIGINAL_APP_PORT"
  node e2e/perf.mjs "$original_url" bytes original
else
  echo "(the original is not measured: ORIGINAL_SRC=<its checkout> ./scripts/bench.sh measures it too)"
fi

printf '\n\033[1m==> Time to a usable sign-in form (headless Chromium, cold loads%s)\033[0m\n' "${original_url:+, ours alternating with the original}"
node e2e/serve.mjs "$dist" "$SIZE_APP_PORT" >/dev/null &
servers+=($!)
wait_for_port "$SIZE_APP_PORT" 10
node e2e/perf.mjs "http://127.0.0.1:$SIZE_APP_PORT" time $original_url
stop_servers

printf '\n\033[1m==> SRP client\033[0m\n'
cargo run -q --release -p cognito-crypto --example srp_bench
cargo test --release --target wasm32-unknown-unknown --test srp_bench --features sdk-bench -- --nocapture 2>&1 |
  grep -E "browser SRP|SRP client work|test result"
exit "$size_status"
