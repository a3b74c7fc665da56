#!/usr/bin/env bash
# Installs only what is missing for building, serving and testing the app. Idempotent:
# a second run finds everything and says so in about a second. Recipe and pitfalls:
# see docs/development.md, "Toolchain" (pinned versions below must match Cargo.toml / Trunk.toml).
set -euo pipefail

TRUNK_VERSION=0.21.14         # newest trunk whose rust-version fits rustc 1.95 (0.22.x needs 1.96.1)
WASM_BINDGEN_VERSION=0.2.130  # == `wasm-bindgen = "=0.2.130"` in Cargo.toml and [tools] in Trunk.toml
BINARYEN_VERSION=132          # npm binaryen; Debian's binaryen (108) produces broken wasm
PLAYWRIGHT_VERSION=1.65.1     # == e2e/package.json (no browser download: it drives Debian's chromium)
COGNITO_JS_VERSION=6.3.21     # the SDK the original app used, to prove the stand-in with it
AXE_VERSION=4.14.1            # == e2e/package.json: accessibility rules run on every screen
AMPLIFY_VERSION=6.22.1        # == e2e/package.json: Amplify JS v6 driven against local-cognito
BOTO3_VERSION=1.44.8          # the botocore model tests/vectors/cognito_api.json comes from
MINISTACK_VERSION=1.5.33      # an independent Cognito emulator the app is also tested against
CRYPTOGRAPHY_VERSION=50.0.2   # ministack needs it to verify SRP

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=env.sh
. "$root/scripts/env.sh"
started=$SECONDS
step() { printf '\033[1m==> %s\033[0m\n' "$*"; }
skip() { printf '    %s (already installed, skipping)\n' "$*"; }
took() { printf '    done in %ss\n' "$(( SECONDS - $1 ))"; }

step "Rust wasm target"
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then skip "wasm32-unknown-unknown"
else t=$SECONDS; rustup target add wasm32-unknown-unknown; took $t; fi
for c in clippy rustfmt; do
  if rustup component list --installed | grep -q "^$c-"; then skip "$c"
  else t=$SECONDS; rustup component add "$c"; took $t; fi
done

step "Chromium, chromedriver, brotli, Thai fonts (apt)"
have_thai_font() { fc-list :lang=th 2>/dev/null | grep -q .; }
if command -v chromium >/dev/null && command -v chromedriver >/dev/null && command -v brotli >/dev/null && have_thai_font; then
  skip "$(chromium --version 2>/dev/null | head -n1)"
else
  t=$SECONDS
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  # fonts-thai-tlwg: without a Thai font the th screens (and their screenshots) show boxes.
  apt-get install -y -q chromium chromium-driver brotli fonts-thai-tlwg fontconfig
  took $t
fi

step "wasm-opt (npm binaryen@$BINARYEN_VERSION)"
if wasm-opt --version 2>/dev/null | grep -q "(version_${BINARYEN_VERSION})"; then skip "wasm-opt version_$BINARYEN_VERSION"
else t=$SECONDS; npm install -g --no-fund --no-audit "binaryen@${BINARYEN_VERSION}"; took $t; fi

step "wasm-bindgen-cli $WASM_BINDGEN_VERSION (cold: ~6 min)"
if wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen ${WASM_BINDGEN_VERSION}"; then skip "wasm-bindgen $WASM_BINDGEN_VERSION"
else
  t=$SECONDS
  # Not --locked: its lockfile asks for a webpki-roots version the registry does not serve.
  cargo install wasm-bindgen-cli --version "${WASM_BINDGEN_VERSION}"
  took $t
fi

step "trunk $TRUNK_VERSION (cold: ~14 min on 2 cores)"
if trunk --version 2>/dev/null | grep -qx "trunk ${TRUNK_VERSION}"; then skip "trunk $TRUNK_VERSION"
else t=$SECONDS; cargo install --locked trunk --version "${TRUNK_VERSION}"; took $t; fi

step "End-to-end packages (npm: playwright-core $PLAYWRIGHT_VERSION, amazon-cognito-identity-js $COGNITO_JS_VERSION, axe-core $AXE_VERSION, aws-amplify $AMPLIFY_VERSION)"
installed_version() { sed -n 's/^  "version": "\(.*\)",$/\1/p' "$root/e2e/node_modules/$1/package.json" 2>/dev/null; }
if [ "$(installed_version playwright-core)" = "$PLAYWRIGHT_VERSION" ] && [ "$(installed_version amazon-cognito-identity-js)" = "$COGNITO_JS_VERSION" ] \
  && [ "$(installed_version axe-core)" = "$AXE_VERSION" ] && [ "$(installed_version aws-amplify)" = "$AMPLIFY_VERSION" ]; then
  skip "e2e/node_modules"
else
  t=$SECONDS; (cd "$root/e2e" && npm ci --no-fund --no-audit); took $t
fi

step "Python venv with boto3 $BOTO3_VERSION ($PY_VENV)"
if "$PY_VENV/bin/python" -c "import boto3, sys; sys.exit(boto3.__version__ != '$BOTO3_VERSION')" 2>/dev/null; then
  skip "boto3 $BOTO3_VERSION"
else
  t=$SECONDS
  python3 -m venv "$PY_VENV"
  "$PY_VENV/bin/pip" install --quiet --disable-pip-version-check "boto3==$BOTO3_VERSION"
  took $t
fi

step "ministack $MINISTACK_VERSION in its own venv ($MINISTACK_VENV; it pins an older botocore)"
if "$MINISTACK_VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('ministack') != '$MINISTACK_VERSION' or m.version('cryptography') != '$CRYPTOGRAPHY_VERSION')" 2>/dev/null; then
  skip "ministack $MINISTACK_VERSION"
else
  t=$SECONDS
  python3 -m venv "$MINISTACK_VENV"
  "$MINISTACK_VENV/bin/pip" install --quiet --disable-pip-version-check "ministack==$MINISTACK_VERSION" "cryptography==$CRYPTOGRAPHY_VERSION"
  took $t
fi

step "Toolchain ready in $(( SECONDS - started ))s"
