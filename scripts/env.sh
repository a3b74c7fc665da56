# Sourced by the other scripts: one place for paths, ports and tool settings.
export PATH="$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
# Build output outside the clone, shared by every clone on this machine (a fresh clone reuses it).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/cognito-2fa/target}"
export PY_VENV="${PY_VENV:-$HOME/.cache/cognito-2fa/venv}"
export MINISTACK_VENV="${MINISTACK_VENV:-$HOME/.cache/cognito-2fa/ministack-venv}"
export LOCAL_COGNITO_BIN="$CARGO_TARGET_DIR/debug/local-cognito"
# RUSTFLAGS replaces .cargo/config.toml's flags: keep its Leptos one (the size budget counts on it).
if [ -n "${RUSTFLAGS:-}" ] && [[ "$RUSTFLAGS" != *erase_components* ]]; then
  export RUSTFLAGS="$RUSTFLAGS --cfg erase_components"
fi

# Ports: the app and stand-in a person uses, and separate ones for the test run.
APP_PORT="${APP_PORT:-8731}"
COGNITO_PORT="${COGNITO_PORT:-9229}"
TEST_COGNITO_PORT="${TEST_COGNITO_PORT:-19229}"
TEST_APP_PORT="${TEST_APP_PORT:-18732}"
export TEST_STATE_PORT="${TEST_STATE_PORT:-19239}"
TEST_MINISTACK_PORT="${TEST_MINISTACK_PORT:-19566}"
TEST_MINISTACK_APP_PORT="${TEST_MINISTACK_APP_PORT:-18733}"
SIZE_APP_PORT="${SIZE_APP_PORT:-18734}"
TEST_PASSWORDLESS_APP_PORT="${TEST_PASSWORDLESS_APP_PORT:-18735}"
# (18738 is the framing test's parent page: TEST_FRAMED_APP_PORT + 1.)
TEST_PHONE_APP_PORT="${TEST_PHONE_APP_PORT:-18740}"
TEST_NAMES_APP_PORT="${TEST_NAMES_APP_PORT:-18741}"
ORIGINAL_APP_PORT="${ORIGINAL_APP_PORT:-18736}"
# The framing test's own servers: the app with no headers (as a host that cannot send them) on
# this port, the page that frames it on the next.
export TEST_FRAMED_APP_PORT="${TEST_FRAMED_APP_PORT:-18737}"

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Waits until an HTTP server answers on 127.0.0.1:$1 (at most $2 seconds).
wait_for_port() {
  local port=$1 limit=${2:-30} i
  for ((i = 0; i < limit * 10; i++)); do
    port_busy "$port" && return 0
    sleep 0.1
  done
  echo "nothing answered on port $port after ${limit}s" >&2
  return 1
}
