#!/usr/bin/env bash
# Prints the size of the login page as a browser downloads it: raw, gzip -9 and brotli -q 11,
# per file and in total, against the 100 KB brotli budget. Builds the release first.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=env.sh
. scripts/env.sh
BUDGET=${BUDGET_BROTLI_BYTES:-102400}
dist="$CARGO_TARGET_DIR/size-dist"
trunk build --release --dist "$dist" >/dev/null
printf '%-44s %10s %10s %10s\n' file raw gzip brotli
total_raw=0 total_gz=0 total_br=0
for f in "$dist"/*; do
  raw=$(stat -c %s "$f"); gz=$(gzip -9c "$f" | wc -c); br=$(brotli -q 11 -c "$f" | wc -c)
  printf '%-44s %10d %10d %10d\n' "$(basename "$f")" "$raw" "$gz" "$br"
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
done
printf '%-44s %10d %10d %10d\n' total "$total_raw" "$total_gz" "$total_br"
if [ "$total_br" -gt "$BUDGET" ]; then
  echo "over the brotli budget of $BUDGET bytes by $((total_br - BUDGET))"
else
  echo "within the brotli budget of $BUDGET bytes"
fi
