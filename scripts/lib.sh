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

# Starts the machine's PostgreSQL when it is installed but down, and exports
# KEYTURN_TEST_POSTGRES_URL. Without Postgres the suite says plainly that it skipped it; in CI
# (CI=true) that is an error.
ensure_postgres() {
  if [ -n "${KEYTURN_TEST_POSTGRES_URL:-}" ]; then return 0; fi
  if ! command -v pg_lsclusters >/dev/null && [ "$(id -u)" = 0 ] && [ "${CI:-}" = true ]; then
    say "installing PostgreSQL"
    apt_install postgresql
  fi
  if ! command -v pg_lsclusters >/dev/null; then
    [ "${CI:-}" = true ] && die "PostgreSQL is not installed; CI must run the Postgres suite"
    KT_POSTGRES_SKIPPED=1
    return 0
  fi
  local line ver name port status
  line="$(pg_lsclusters --no-header 2>/dev/null | head -n1)"
  [ -n "$line" ] || { [ "${CI:-}" = true ] && die "no PostgreSQL cluster found"; KT_POSTGRES_SKIPPED=1; return 0; }
  read -r ver name port status _ <<<"$line"
  if [ "$status" != online ]; then
    say "starting PostgreSQL $ver/$name"
    as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start ||
      { [ "${CI:-}" = true ] && die "could not start PostgreSQL"; KT_POSTGRES_SKIPPED=1; return 0; }
  fi
  as_root su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null ||
    die "could not set the postgres password for TCP connections"
  export KEYTURN_TEST_POSTGRES_URL="postgres://postgres:postgres@127.0.0.1:$port/postgres"
  KT_POSTGRES_PORT="$port"
}

# Drops the databases the Postgres tests created.
drop_test_databases() {
  [ -n "${KT_POSTGRES_PORT:-}" ] || return 0
  as_root su postgres -c "psql -p $KT_POSTGRES_PORT -Atqc \"SELECT datname FROM pg_database WHERE datname LIKE 'keyturn_test_%'\"" 2>/dev/null |
    while read -r db; do
      [ -n "$db" ] && as_root su postgres -c "psql -p $KT_POSTGRES_PORT -qc 'DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)'" >/dev/null 2>&1
    done
  return 0
}

random_hex32() { od -An -tx1 -N32 /dev/urandom | tr -d ' \n'; }
