# Shared by scripts/run.sh and scripts/test.sh: installs what is missing, quickly does nothing
# when everything is there. Sourced, not run.

KT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CARGO_LEPTOS_VERSION="0.3.10"

# leptos reads LEPTOS_OUTPUT_NAME when it is *compiled* (to name the client files in the page).
# cargo-leptos sets it; plain `cargo test`/`cargo bench` must set the same value, or they
# rebuild leptos differently and the `keyturn` binary they leave behind asks for files that do
# not exist (keyturn_bg.wasm).
export LEPTOS_OUTPUT_NAME=keyturn

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

APT_UPDATED=""
apt_install() {
  command -v apt-get >/dev/null || die "cannot install $*: no apt-get here; install it by hand"
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq || die "apt-get update failed"; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || die "apt-get install $* failed"
}

# The wasm-bindgen version the client is built against, read from Cargo.lock.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$KT_ROOT/Cargo.lock"
}

# Everything needed to build: the wasm32 target, cargo-leptos, the matching wasm-bindgen CLI,
# wasm-opt (for the release client; put first on PATH).
ensure_build_tools() {
  command -v cargo >/dev/null || die "cargo not found: install Rust with rustup (https://rustup.rs)"
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "installing the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    say "installing cargo-leptos $CARGO_LEPTOS_VERSION (takes 15-20 minutes, once)"
    cargo install "cargo-leptos@$CARGO_LEPTOS_VERSION" --locked --features no_downloads
  fi
  local wb; wb="$(wasm_bindgen_version)"
  if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wb"; then
    say "installing wasm-bindgen-cli $wb (matches Cargo.lock; about 5 minutes, once)"
    # Without --locked: one of its locked dependencies is no longer in the registry.
    cargo install wasm-bindgen-cli --version "$wb" --force
  fi
  # wasm-opt from binaryen 132 (npm package `binaryen`), pinned in tools/wasm-opt. Not Debian's
  # binaryen 108: it rewrites wasm-bindgen 0.2.130's externref table export wrongly and the
  # page then fails to hydrate. cargo-leptos takes the first wasm-opt on PATH.
  command -v node >/dev/null || { say "installing Node.js"; apt_install nodejs npm; }
  if [ ! -x "$KT_ROOT/tools/wasm-opt/node_modules/.bin/wasm-opt" ] ||
     [ "$KT_ROOT/tools/wasm-opt/package-lock.json" -nt "$KT_ROOT/tools/wasm-opt/node_modules/.package-lock.json" ]; then
    say "installing wasm-opt (binaryen, npm)"
    (cd "$KT_ROOT/tools/wasm-opt" && npm ci --no-audit --no-fund)
  fi
  export PATH="$KT_ROOT/tools/wasm-opt/node_modules/.bin:$PATH"
}

LEPTOSFMT_VERSION="0.1.33"

# Everything the suites need on top: leptosfmt (the view! formatter), Chromium, brotli (size
# report), the npm packages.
ensure_test_tools() {
  ensure_build_tools
  if ! leptosfmt --version 2>/dev/null | grep -q "$LEPTOSFMT_VERSION"; then
    say "installing leptosfmt $LEPTOSFMT_VERSION (a few minutes, once)"
    cargo install "leptosfmt@$LEPTOSFMT_VERSION" --locked
  fi
  command -v chromium >/dev/null || command -v "${CHROMIUM_PATH:-chromium}" >/dev/null || { say "installing Chromium"; apt_install chromium; }
  command -v brotli >/dev/null || { say "installing brotli"; apt_install brotli; }
  if [ ! -d "$KT_ROOT/end2end/node_modules/@playwright/test" ] ||
     [ "$KT_ROOT/end2end/package-lock.json" -nt "$KT_ROOT/end2end/node_modules/.package-lock.json" ]; then
    say "installing the end-to-end suite's npm packages"
    (cd "$KT_ROOT/end2end" && npm ci --no-audit --no-fund)
  fi
}

# Decides whether the Postgres suites run. With KEYTURN_TEST_POSTGRES_URL set, that database is
# used as given; otherwise they run on a throw-away cluster (see with_test_postgres), which
# needs pg_virtualenv (postgresql-common) and a PostgreSQL server, installed here in CI. Without
# them KT_POSTGRES_SKIPPED=1 and the suite says plainly that it skipped Postgres; in CI
# (CI=true) that is an error. The machine's own clusters are never touched.
ensure_postgres() {
  if [ -n "${KEYTURN_TEST_POSTGRES_URL:-}" ]; then return 0; fi
  if ! have_postgres_tools && [ "$(id -u)" = 0 ] && [ "${CI:-}" = true ]; then
    say "installing PostgreSQL"
    apt_install postgresql postgresql-common
  fi
  if ! have_postgres_tools; then
    [ "${CI:-}" = true ] && die "PostgreSQL (pg_virtualenv and a server) is not installed; CI must run the Postgres suite"
    KT_POSTGRES_SKIPPED=1
  fi
  return 0
}

have_postgres_tools() {
  command -v pg_virtualenv >/dev/null && compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
}

# Runs "$@" (a command, not a shell function) with KEYTURN_TEST_POSTGRES_URL set: the given one,
# or a throw-away cluster that pg_virtualenv creates (a fresh password, TCP on a free port; about
# 4 s) and drops when "$@" ends. Without Postgres (KT_POSTGRES_SKIPPED) it runs "$@" as is.
with_test_postgres() {
  if [ -n "${KEYTURN_TEST_POSTGRES_URL:-}" ] || [ -n "${KT_POSTGRES_SKIPPED:-}" ]; then
    "$@"
    return
  fi
  # shellcheck disable=SC2016 # expanded by the inner shell, inside the cluster's environment
  pg_virtualenv -t -o "fsync=off" bash -c '
    export KEYTURN_TEST_POSTGRES_URL="postgres://$PGUSER:$PGPASSWORD@127.0.0.1:$PGPORT/postgres"
    echo "Postgres suite on a throw-away PostgreSQL $PGVERSION cluster, port $PGPORT"
    exec "$@"' with-test-postgres "$@"
}

random_hex32() { od -An -tx1 -N32 /dev/urandom | tr -d ' \n'; }
