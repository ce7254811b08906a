#!/usr/bin/env bash
# The test command: every suite, after installing whatever is missing.
#   formatting (leptosfmt for view!, cargo fmt), clippy (server and wasm32 client, -D warnings), the release build (server and
#   client, wasm-opt), unit + integration tests on SQLite and Postgres, the size report and
#   quick benchmarks (two instances behind nginx among them), and the Playwright suite in Chromium (hydrated and without JavaScript).
# KEYTURN_SKIP_E2E=1 or KEYTURN_SKIP_BENCH=1 leave those out for a quicker local loop.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$KT_ROOT"

started=$(date +%s)
LOG_DIR="$(mktemp -d)"
declare -a TIMINGS=()
step() {
  local name="$1"; shift
  say "$name"
  local t0; t0=$(date +%s)
  "$@"
  TIMINGS+=("$(printf '%-34s %4ss' "$name" $(( $(date +%s) - t0 )))")
}


step "tools" ensure_test_tools
step "format (view! macros)" leptosfmt --check src
step "format" cargo fmt --check
step "clippy (server)" cargo clippy --features ssr --all-targets -- -D warnings
step "clippy (client, wasm32)" cargo clippy --features hydrate --target wasm32-unknown-unknown --lib -- -D warnings
step "release build (server + client, split by flow)" cargo leptos build --release --precompress --split
ensure_postgres
if [ -n "${KT_POSTGRES_SKIPPED:-}" ]; then
  echo "NOTE: PostgreSQL is not available here: the Postgres suite is SKIPPED (SQLite only)."
elif [ -n "${KEYTURN_TEST_POSTGRES_URL:-}" ]; then
  echo "Postgres suite on the given KEYTURN_TEST_POSTGRES_URL"
fi
run_cargo_tests() { with_test_postgres cargo test --release --features ssr 2>&1 | tee "$LOG_DIR/cargo-test.log"; }
step "unit + integration tests" run_cargo_tests
step "size report" bash scripts/size-report.sh
if [ -z "${KEYTURN_SKIP_BENCH:-}" ]; then
  run_benches() {
    cargo bench --features ssr --bench argon2 -- --quick
    if [ -f benches/reset.rs ]; then KEYTURN_BENCH_QUICK=1 with_test_postgres cargo bench --features ssr --bench reset; fi
    KEYTURN_BENCH_QUICK=1 cargo bench --features ssr --bench strength
    if [ -n "${KT_POSTGRES_SKIPPED:-}" ]; then
      echo "NOTE: no PostgreSQL here: the two-instance run behind nginx is SKIPPED."
    else
      with_test_postgres bash scripts/scale.sh
    fi
  }
  step "benchmarks (quick)" run_benches
fi
if [ -z "${KEYTURN_SKIP_E2E:-}" ]; then
  run_e2e() { bash scripts/e2e.sh 2>&1 | tee "$LOG_DIR/e2e.log"; }
  step "end-to-end (Playwright, Chromium)" run_e2e
fi

say "timings"
printf '%s\n' "${TIMINGS[@]}"
echo "total: $(( $(date +%s) - started ))s"
[ -n "${KT_POSTGRES_SKIPPED:-}" ] && echo "NOTE: the Postgres suite was SKIPPED (no PostgreSQL on this machine)."

# One closing line over every suite.
passed=$(grep -ho 'test result: ok\. [0-9]* passed' "$LOG_DIR/cargo-test.log" | awk '{s+=$4} END {print s+0}')
failed=0
if [ -f "$LOG_DIR/e2e.log" ]; then
  e2e_passed=$(grep -Eo '^ *[0-9]+ passed' "$LOG_DIR/e2e.log" | tail -n1 | tr -dc 0-9)
  e2e_skipped=$(grep -Eo '^ *[0-9]+ skipped' "$LOG_DIR/e2e.log" | tail -n1 | tr -dc 0-9)
  passed=$(( passed + ${e2e_passed:-0} ))
fi
echo "keyturn: ${passed} passed, ${failed} failed, ${e2e_skipped:-0} skipped"
