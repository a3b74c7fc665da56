# Sourced by test.sh and e2e.sh (after env.sh): the services the browser and end-to-end tests
# run against, started in the background and stopped when the script exits.

pids=()
stop_services() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap stop_services EXIT INT TERM

# Refuses to start over something already listening (an earlier run left running, say).
check_ports_free() {
  local port
  for port in "$TEST_COGNITO_PORT" "$TEST_APP_PORT" "$TEST_STATE_PORT" "$TEST_MINISTACK_PORT" "$TEST_MINISTACK_APP_PORT" \
    "$SIZE_APP_PORT" "$TEST_PASSWORDLESS_APP_PORT" "$TEST_PHONE_APP_PORT" "$TEST_NAMES_APP_PORT" "$TEST_FRAMED_APP_PORT" "$((TEST_FRAMED_APP_PORT + 1))"; do
    if port_busy "$port"; then echo "port $port is in use: stop what runs there (an earlier test run?)" >&2; exit 1; fi
  done
}

# local-cognito (debug build) on TEST_COGNITO_PORT with its default seed. BrowserTestHang: an
# operation that never answers, for the browser tests of timeouts and Cancel.
start_stand_in() {
  cargo build -q -p local-cognito
  "$LOCAL_COGNITO_BIN" --port "$TEST_COGNITO_PORT" --fault BrowserTestHang=hang > "$CARGO_TARGET_DIR/local-cognito-test.log" 2>&1 &
  pids+=($!)
  wait_for_port "$TEST_COGNITO_PORT" 30
  export COGNITO_URL="http://127.0.0.1:$TEST_COGNITO_PORT"
  export APP_URL="http://127.0.0.1:$TEST_APP_PORT"
}

# The release builds the end-to-end tests use, each served with the hosting headers: the classic
# page; the choice-based sign-in page (USER_AUTH), built from the same sources with
# SIGN_IN_METHODS and served on http://localhost: passkeys need a domain as relying party id (the
# demo pool's is localhost), and 127.0.0.1 is none (PASSKEY_RP_ID names it for autofill's first
# request); and one per other sign-in name (SIGN_IN_NAME), each against its pool of the default
# seed: phone numbers (a leading 0 is +66), and user names with email and phone aliases. A 3 s
# request timeout keeps the tests of a service that never answers short.
build_and_serve_apps() {
  COGNITO_ENDPOINT="$COGNITO_URL/" COGNITO_TIMEOUT_MS=3000 trunk build --release --dist "$CARGO_TARGET_DIR/e2e-dist"
  export E2E_DIST="$CARGO_TARGET_DIR/e2e-dist"
  node e2e/serve.mjs "$E2E_DIST" "$TEST_APP_PORT" &
  pids+=($!)
  wait_for_port "$TEST_APP_PORT" 10
  SIGN_IN_METHODS=password,email_otp,sms_otp,passkey PASSKEY_RP_ID=localhost COGNITO_ENDPOINT="$COGNITO_URL/" COGNITO_TIMEOUT_MS=3000 \
    trunk build --release --dist "$CARGO_TARGET_DIR/passwordless-dist"
  node e2e/serve.mjs "$CARGO_TARGET_DIR/passwordless-dist" "$TEST_PASSWORDLESS_APP_PORT" &
  pids+=($!)
  wait_for_port "$TEST_PASSWORDLESS_APP_PORT" 10
  export PASSWORDLESS_APP_URL="http://localhost:$TEST_PASSWORDLESS_APP_PORT"
  build_and_serve phone-dist "$TEST_PHONE_APP_PORT" SIGN_IN_NAME=phone_number PHONE_COUNTRY_CODE=66 SIGN_IN_METHODS=sms_otp,password \
    COGNITO_USER_POOL_ID=us-east-1_LocalPhone COGNITO_CLIENT_ID=localphoneclient000000000
  export PHONE_APP_URL="http://127.0.0.1:$TEST_PHONE_APP_PORT"
  build_and_serve names-dist "$TEST_NAMES_APP_PORT" SIGN_IN_NAME=username,email,phone_number PHONE_COUNTRY_CODE=66 PASSWORD_MIN_LENGTH=12 \
    "SIGN_UP_ATTRIBUTES=name*,custom:team=Team|ทีม,birthdate" "PROFILE_ATTRIBUTES=name*,custom:team=Team|ทีม,birthdate,nickname,custom:employee_id!=Employee ID|รหัสพนักงาน" \
    COGNITO_USER_POOL_ID=us-east-1_LocalNames COGNITO_CLIENT_ID=localnamesclient000000000
  export NAMES_APP_URL="http://127.0.0.1:$TEST_NAMES_APP_PORT"
}

# One more release build against the test stand-in, with the given variables, served on a port.
build_and_serve() {
  local dist=$1 port=$2
  shift 2
  env "$@" COGNITO_ENDPOINT="$COGNITO_URL/" COGNITO_TIMEOUT_MS=3000 trunk build --release --dist "$CARGO_TARGET_DIR/$dist"
  node e2e/serve.mjs "$CARGO_TARGET_DIR/$dist" "$port" &
  pids+=($!)
  wait_for_port "$port" 10
}
