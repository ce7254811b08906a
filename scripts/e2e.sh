#!/usr/bin/env bash
# Runs the Playwright suite against the release build: starts the SMTP/SMS sink, a
# production-mode server on a fresh SQLite database and, for the design gallery only (it exists
# in dev mode alone), a dev-mode server on the next port; runs both projects, stops everything.
# Expects `cargo leptos build --release --precompress --split` to have run (scripts/test.sh does that).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$KT_ROOT"

[ -x target/release/keyturn ] && [ -f target/site/pkg/keyturn.wasm ] || die "build first: cargo leptos build --release"

PORT="${KEYTURN_E2E_PORT:-3900}"
WORK="$(mktemp -d)"
export KEYTURN_DATABASE_URL="sqlite://$WORK/keyturn.db?mode=rwc"
export KEYTURN_SECRET_KEY="$(random_hex32)"
export KEYTURN_DEV=0
export KEYTURN_PUBLIC_URL="http://127.0.0.1:$PORT"
export KEYTURN_SMTP_URL="smtp://127.0.0.1:${SINK_SMTP_PORT:-2525}"
export KEYTURN_MAIL_FROM="Keyturn <no-reply@keyturn.test>"
export KEYTURN_SMS_URL="http://127.0.0.1:${SINK_HTTP_PORT:-2526}/sms"
export KEYTURN_SMS_TOKEN="e2e-sms-token"
export KEYTURN_PIN_RESEND_SECONDS=3
export KEYTURN_RATE_LIMIT_PER_MINUTE=100000
export KEYTURN_SUPPORT_CONTACT="the IT help desk at +1 555 0100"
export LEPTOS_OUTPUT_NAME=keyturn LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg LEPTOS_ENV=PROD
export LEPTOS_SITE_ADDR="127.0.0.1:$PORT"
export KEYTURN_E2E_URL="http://127.0.0.1:$PORT"
DEV_PORT=$((PORT + 1))
export KEYTURN_E2E_DEV_URL="http://127.0.0.1:$DEV_PORT"
export KEYTURN_BIN="$KT_ROOT/target/release/keyturn"
export SINK_URL="http://127.0.0.1:${SINK_HTTP_PORT:-2526}"
export RUST_LOG="${RUST_LOG:-warn}"

pids=()
stop_all() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop_all EXIT

node end2end/support/sink.mjs > "$WORK/sink.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do grep -q "sink ready" "$WORK/sink.log" && break; sleep 0.1; done
grep -q "sink ready" "$WORK/sink.log" || { cat "$WORK/sink.log"; die "the SMTP/SMS sink did not start"; }

"$KEYTURN_BIN" serve > "$WORK/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -fs "$KEYTURN_E2E_URL/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "$KEYTURN_E2E_URL/healthz" >/dev/null || { cat "$WORK/server.log"; die "the server did not start"; }

# The gallery's server: same build, dev mode, its own database and port.
KEYTURN_DEV=1 KEYTURN_DATABASE_URL="sqlite://$WORK/gallery.db?mode=rwc" \
  KEYTURN_PUBLIC_URL="$KEYTURN_E2E_DEV_URL" LEPTOS_SITE_ADDR="127.0.0.1:$DEV_PORT" \
  "$KEYTURN_BIN" serve > "$WORK/gallery-server.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -fs "$KEYTURN_E2E_DEV_URL/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "$KEYTURN_E2E_DEV_URL/healthz" >/dev/null || { cat "$WORK/gallery-server.log"; die "the gallery's dev-mode server did not start"; }

status=0
(cd end2end && npx playwright test "$@") || status=$?
if [ "$status" != 0 ]; then
  echo "--- server log (last 60 lines) ---"; tail -n 60 "$WORK/server.log"
fi
exit "$status"
