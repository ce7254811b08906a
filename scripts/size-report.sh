#!/usr/bin/env bash
# Prints the size of the release client, raw, gzip and brotli: what every page downloads first
# (the main .wasm, the JS glue, the split loader, the CSS), then, for each flow's piece, the
# files its views need beyond the main .wasm (`__wasm_split_manifest.json`: shared files count
# for every piece that needs them), and fails if the strength estimator is in the first download.
# Run after `cargo leptos build --release --split`.
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=target/site/pkg
[ -f "$pkg/keyturn.wasm" ] || { echo "no release build in $pkg" >&2; exit 1; }
size() { wc -c < "$1" | tr -d ' '; }
br() { brotli -c -q 11 "$1" | wc -c | tr -d ' '; }
gz() { gzip -c -9 "$1" | wc -c | tr -d ' '; }
printf 'bench: %-34s %9s %9s %9s\n' "client file (every page)" raw gzip brotli
for f in "$pkg"/keyturn.wasm "$pkg"/keyturn.js "$pkg"/__wasm_split.*.js "$pkg"/keyturn.css; do
  [ -f "$f" ] || continue
  printf 'bench: %-34s %9s %9s %9s\n' "$(basename "$f")" "$(size "$f")" "$(gz "$f")" "$(br "$f")"
done
printf 'bench: %-34s %9s %9s %9s\n' "common-passwords.txt" "(lazy)" "$(size data/common-passwords.txt.gz)" "-"

manifest="$pkg/__wasm_split_manifest.json"
[ -f "$manifest" ] || { echo "bench: the client is not split (no $manifest)"; exit 0; }
node - "$pkg" "$manifest" <<'JS'
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const [pkg, manifestPath] = process.argv.slice(2);
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
const sizes = new Map();
function measure(piece) {
  if (!sizes.has(piece)) {
    const bytes = fs.readFileSync(path.join(pkg, `${piece}.wasm`));
    const brotli = zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    sizes.set(piece, { raw: bytes.length, brotli });
  }
  return sizes.get(piece);
}
// `account_island_loader_<hash>` names the piece of the account pages' island
// (`AccountIsland` in src/pages/islands.rs).
const rows = Object.entries(manifest)
  .filter(([name]) => /_island_loader_\d+$/.test(name))
  .map(([name, pieces]) => {
    const route = name.replace(/^_+/, '').replace(/_island_loader_\d+$/, '');
    const total = pieces.map(measure).reduce((a, s) => ({ raw: a.raw + s.raw, brotli: a.brotli + s.brotli }), { raw: 0, brotli: 0 });
    return { route, pieces: pieces.length, ...total };
  })
  .sort((a, b) => a.route.localeCompare(b.route));
console.log(`bench: ${'flow piece (on top of the main wasm)'.padEnd(40)} ${'files'.padStart(6)} ${'raw'.padStart(9)} ${'brotli'.padStart(9)}`);
for (const r of rows) {
  console.log(`bench: ${r.route.padEnd(40)} ${String(r.pieces).padStart(6)} ${String(r.raw).padStart(9)} ${String(r.brotli).padStart(9)}`);
}
const all = [...new Set(Object.values(manifest).flat())].map(measure);
const sum = all.reduce((a, s) => ({ raw: a.raw + s.raw, brotli: a.brotli + s.brotli }), { raw: 0, brotli: 0 });
console.log(`bench: ${`all ${all.length} split files together`.padEnd(40)} ${''.padStart(6)} ${String(sum.raw).padStart(9)} ${String(sum.brotli).padStart(9)}`);
// The strength estimator belongs to the flows with a password step, not to the first download:
// its keyboard table (src/policy/strength/matching/keyboard.rs) must be in a piece, not in main.
const marker = 'qwertyuiop[]';
const inMain = fs.readFileSync(path.join(pkg, 'keyturn.wasm')).includes(marker);
const inPiece = [...new Set(Object.values(manifest).flat())]
  .some((piece) => fs.readFileSync(path.join(pkg, `${piece}.wasm`)).includes(marker));
console.log(`bench: the strength estimator is in ${inMain ? 'the first download' : inPiece ? 'the password flows\' pieces only' : 'no file'}`);
if (inMain || !inPiece) process.exit(1);
JS
