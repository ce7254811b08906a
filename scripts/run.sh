#!/usr/bin/env bash
# The run command: builds what is needed and serves Keyturn at http://127.0.0.1:3000 in dev
# mode (an embedded SQLite database under data/, demo accounts, the dev outbox).
#   scripts/run.sh           release build, as the tests use it
#   scripts/run.sh --watch   rebuild and reload the page on every change (for designers)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$KT_ROOT"
ensure_build_tools
export KEYTURN_DEV="${KEYTURN_DEV:-1}"
if [ "${1:-}" = "--watch" ]; then
  exec cargo leptos watch --split
fi
exec cargo leptos serve --release --precompress --split
