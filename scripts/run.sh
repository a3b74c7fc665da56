#!/usr/bin/env bash
# Runs the app: installs what is missing, starts the local Cognito stand-in (seeded with a demo
# user, state kept in .state/) and serves the app with trunk. Ctrl-C stops both.
# With COGNITO_USER_POOL_ID set, no stand-in is started: the app talks to that pool.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/bootstrap.sh
# shellcheck source=env.sh
. scripts/env.sh

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

if [ -z "${COGNITO_USER_POOL_ID:-}" ]; then
  echo "==> Building local-cognito"
  cargo build -q -p local-cognito
  if port_busy "$COGNITO_PORT"; then
    echo "Port $COGNITO_PORT is taken: is another local-cognito (or ./scripts/run.sh) running? Stop it, or set COGNITO_PORT." >&2
    exit 1
  fi
  mkdir -p .state
  "$LOCAL_COGNITO_BIN" --port "$COGNITO_PORT" --state .state/local-cognito.json &
  pids+=($!)
  wait_for_port "$COGNITO_PORT" 30
  export COGNITO_ENDPOINT="http://127.0.0.1:$COGNITO_PORT/"
  demo="
  Demo sign-in:   demo@example.com / Demo-Passw0rd!
  Current TOTP:   $LOCAL_COGNITO_BIN totp --email demo@example.com --endpoint http://127.0.0.1:$COGNITO_PORT
  SMS/email codes: $LOCAL_COGNITO_BIN codes --email demo@example.com --endpoint http://127.0.0.1:$COGNITO_PORT
  (users and their authenticators are kept in .state/local-cognito.json; delete it to start over)"
else
  demo="
  Using the user pool $COGNITO_USER_POOL_ID (client ${COGNITO_CLIENT_ID:-?})."
fi

if port_busy "$APP_PORT"; then
  echo "Port $APP_PORT is taken; set APP_PORT to another port." >&2
  exit 1
fi
echo "==> Building the app (release; the first build takes ~3 min)"
trunk build --release
echo "==> Serving it"
trunk serve --release --port "$APP_PORT" --address 127.0.0.1 --no-autoreload >/tmp/cognito-2fa-trunk.log 2>&1 &
pids+=($!)
for _ in $(seq 1 600); do
  if curl -fs "http://127.0.0.1:$APP_PORT/" >/dev/null 2>&1; then break; fi
  if ! kill -0 "${pids[-1]}" 2>/dev/null; then cat /tmp/cognito-2fa-trunk.log >&2; exit 1; fi
  sleep 1
done
cat <<MSG

  App:            http://127.0.0.1:$APP_PORT/
$demo

Press Ctrl-C to stop.
MSG
wait "${pids[-1]}"
