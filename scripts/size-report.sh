#!/usr/bin/env bash
# Prints the size of the release client: the .wasm raw and brotli-compressed, the JS glue and
# the CSS. Run after `cargo leptos build --release`.
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=target/site/pkg
[ -f "$pkg/keyturn.wasm" ] || { echo "no release build in $pkg" >&2; exit 1; }
size() { wc -c < "$1" | tr -d ' '; }
br() { brotli -c -q 11 "$1" | wc -c | tr -d ' '; }
gz() { gzip -c -9 "$1" | wc -c | tr -d ' '; }
printf 'bench: %-22s %9s %9s %9s\n' "client file" raw gzip brotli
for f in keyturn.wasm keyturn.js keyturn.css; do
  printf 'bench: %-22s %9s %9s %9s\n' "$f" "$(size "$pkg/$f")" "$(gz "$pkg/$f")" "$(br "$pkg/$f")"
done
printf 'bench: %-22s %9s %9s %9s\n' "common-passwords.txt" "(lazy)" "$(size data/common-passwords.txt.gz)" "-"
