#!/usr/bin/env bash
# Two real `keyturn serve` processes on one Postgres behind nginx (round-robin), driven by the
# load client in benches/scale.rs: a flow moves between the instances, the guards hold across
# both under parallel requests, and whole resets run under load (numbers printed). Run by
# scripts/test.sh with the benchmarks, on the throw-away Postgres cluster; expects the release
# build. Installs nginx (Debian's) when it is missing. Exits non-zero on any broken invariant.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$KT_ROOT"

[ -x target/release/keyturn ] || die "build first: cargo leptos build --release"
[ -n "${KEYTURN_TEST_POSTGRES_URL:-}" ] || die "needs KEYTURN_TEST_POSTGRES_URL (scripts/test.sh gives one)"
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { say "installing nginx"; apt_install nginx; }
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

WORK="$(mktemp -d)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PROXY_PORT=$(free_port); PORT_A=$(free_port); PORT_B=$(free_port)
SMTP_PORT=$(free_port); SINK_PORT=$(free_port)

# A database of its own in the given cluster.
DB="keyturn_scale_$(random_hex32 | cut -c1-12)"
psql -q "$KEYTURN_TEST_POSTGRES_URL" -c "CREATE DATABASE $DB" >/dev/null
export KEYTURN_DATABASE_URL="${KEYTURN_TEST_POSTGRES_URL%/*}/$DB"

pids=()
stop_all() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  psql -q "$KEYTURN_TEST_POSTGRES_URL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
}
trap stop_all EXIT

SINK_SMS_TOKEN=scale-sms-token SINK_SMTP_PORT=$SMTP_PORT SINK_HTTP_PORT=$SINK_PORT node end2end/support/sink.mjs > "$WORK/sink.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do grep -q "sink ready" "$WORK/sink.log" && break; sleep 0.1; done
grep -q "sink ready" "$WORK/sink.log" || { cat "$WORK/sink.log"; die "the SMTP/SMS sink did not start"; }

export KEYTURN_SECRET_KEY="$(random_hex32)"
export KEYTURN_DEV=0
export KEYTURN_PUBLIC_URL="http://127.0.0.1:$PROXY_PORT"
export KEYTURN_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT"
export KEYTURN_MAIL_FROM="Keyturn <no-reply@keyturn.test>"
export KEYTURN_SMS_URL="http://127.0.0.1:$SINK_PORT/sms"
export KEYTURN_SMS_TOKEN="scale-sms-token"
export KEYTURN_CLIENT_IP_HEADER=x-real-ip
# The default rate limits hold: every simulated browser has an address of its own. The purge
# runs every 2 s, so the load sees it (and the log says which instance took each turn).
export KEYTURN_PURGE_INTERVAL_SECONDS=2
export LEPTOS_OUTPUT_NAME=keyturn LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg LEPTOS_ENV=PROD
export RUST_LOG="${RUST_LOG:-warn,keyturn::cli=info}"

for port in "$PORT_A" "$PORT_B"; do
  LEPTOS_SITE_ADDR="127.0.0.1:$port" target/release/keyturn serve > "$WORK/server-$port.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$WORK/server-$port.log"; die "instance on $port did not start"; }
done

mkdir -p "$WORK/tmp"; chmod 777 "$WORK/tmp"
cat > "$WORK/nginx.conf" <<CONF
worker_processes 1;
error_log $WORK/nginx-error.log warn;
pid $WORK/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/tmp/body;
  proxy_temp_path $WORK/tmp/proxy;
  fastcgi_temp_path $WORK/tmp/fastcgi;
  uwsgi_temp_path $WORK/tmp/uwsgi;
  scgi_temp_path $WORK/tmp/scgi;
  # The load client's browsers each stand for a person at an address of their own: X-Scale-Client
  # plays the address a public proxy would see (without it, the connection's own).
  map \$http_x_scale_client \$client_address {
    ""      \$remote_addr;
    default \$http_x_scale_client;
  }
  upstream keyturn {
    server 127.0.0.1:$PORT_A;
    server 127.0.0.1:$PORT_B;
    keepalive 32;
  }
  server {
    listen 127.0.0.1:$PROXY_PORT;
    location / {
      proxy_pass http://keyturn;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Real-IP \$client_address;
      add_header X-Upstream \$upstream_addr always;
    }
  }
}
CONF
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK" -g 'daemon on;'
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$PROXY_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$PROXY_PORT/healthz" >/dev/null || { cat "$WORK/nginx-error.log"; die "nginx did not start"; }

status=0
KEYTURN_SCALE_URL="http://127.0.0.1:$PROXY_PORT" SINK_URL="http://127.0.0.1:$SINK_PORT" \
  cargo bench --features ssr --bench scale || status=$?
for port in "$PORT_A" "$PORT_B"; do
  echo "  purge turns taken by the instance on $port: $(grep -c 'expired rows purged' "$WORK/server-$port.log" || true)"
done
if [ "$status" != 0 ]; then
  for port in "$PORT_A" "$PORT_B"; do echo "--- instance $port (last 30 lines) ---"; tail -n 30 "$WORK/server-$port.log"; done
fi
exit "$status"
