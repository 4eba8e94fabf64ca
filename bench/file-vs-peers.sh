#!/usr/bin/env bash
# Local file system, side by side in one run: `bench range` vs cat, `get` vs cp, and
# `bench loader` (async pool) over 10,000 x 64 KiB files. Prints a Markdown table and writes it
# with the raw JSON to bench/results/. Usage: bench/file-vs-peers.sh [ROUNDS] [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
ROUNDS="${1:-5}"
WORK="${2:-${TMPDIR:-/tmp}/rangefinder-bench}"
OUT=bench/results
mkdir -p "$WORK" "$OUT"
[ -f target/rangefinder.jar ] || ./mvnw -B -q -ntp -DskipTests package
RF=("$JAVA_HOME/bin/java" -jar target/rangefinder.jar)
BIG="$WORK/1g.bin"
DS="$WORK/ds"
[ -f "$BIG" ] || head -c 1073741824 /dev/urandom > "$BIG"
[ -d "$DS" ] || "${RF[@]}" gen "$DS/" --count 10000 --size 64KiB
cat "$BIG" > /dev/null            # into the page cache
cat "$DS"/* > /dev/null

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {print b - a}'; }
calc() { awk "BEGIN {print $1}"; }
# peak RSS (KiB) and wall seconds of a command, via GNU time
measure() { /usr/bin/time -f "%e %M" -o "$WORK/time.out" "$@" > "$WORK/cmd.out" 2> "$WORK/cmd.err"; cat "$WORK/time.out"; }

declare -a cat_s rf_range_s cp_s rf_get_s rf_get_wall loader_ops
rss_rf_get=0; rss_cp=0; rss_loader=0
for r in $(seq "$ROUNDS"); do
  t0=$(now); cat "$BIG" > /dev/null; t1=$(now); cat_s+=("$(elapsed "$t0" "$t1")")
  "${RF[@]}" bench range "$BIG" --json > "$WORK/range.json"
  rf_range_s+=("$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["seconds"])' "$WORK/range.json")")

  rm -f "$WORK/copy.bin"
  read -r wall rss < <(measure cp "$BIG" "$WORK/copy.bin"); cp_s+=("$wall"); rss_cp=$rss
  rm -f "$WORK/copy.bin"
  read -r wall rss < <(measure "${RF[@]}" get --json "$BIG" "$WORK/copy.bin")
  rf_get_wall+=("$wall"); rss_rf_get=$(( rss > rss_rf_get ? rss : rss_rf_get ))
  rf_get_s+=("$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["seconds"])' "$WORK/cmd.out")")
  cmp -s "$BIG" "$WORK/copy.bin" || { echo "get produced a different file" >&2; exit 1; }
  rm -f "$WORK/copy.bin"

  read -r wall rss < <(measure "${RF[@]}" bench loader "$DS/" --batch 32 --pool 64 --prefetch 4 --json)
  rss_loader=$(( rss > rss_loader ? rss : rss_loader ))
  loader_ops+=("$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["opsPerSec"])' "$WORK/cmd.out")")
  cp "$WORK/cmd.out" "$OUT/file-loader-last.json"
done
cp "$WORK/range.json" "$OUT/file-range-last.json"

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
GIB=1073.741824
m_cat=$(median "${cat_s[@]}"); m_range=$(median "${rf_range_s[@]}")
m_cp=$(median "${cp_s[@]}"); m_get=$(median "${rf_get_s[@]}"); m_getw=$(median "${rf_get_wall[@]}")
m_loader=$(median "${loader_ops[@]}")
{
  echo "# Local file system: Rangefinder vs cat and cp"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), $(cat --version | head -1), rangefinder $("${RF[@]}" --version | head -1 | cut -d' ' -f2); median of $ROUNDS rounds, 1 GiB file in the page cache."
  echo
  echo "| test | Rangefinder | peer | ratio (peer time / ours) |"
  echo "|---|---|---|---|"
  printf '| bench range (discard) vs `cat F > /dev/null` | %.0f MB/s (%.3f s) | %.0f MB/s (%.3f s) | %.2f |\n' \
    "$(calc "$GIB/$m_range")" "$m_range" "$(calc "$GIB/$m_cat")" "$m_cat" "$(calc "$m_cat/$m_range")"
  printf '| get vs `cp F DEST`, engine time | %.0f MB/s (%.3f s) | %.0f MB/s (%.3f s) | %.2f |\n' \
    "$(calc "$GIB/$m_get")" "$m_get" "$(calc "$GIB/$m_cp")" "$m_cp" "$(calc "$m_cp/$m_get")"
  printf '| get vs `cp F DEST`, whole process (JVM start included) | %.3f s | %.3f s | %.2f |\n' "$m_getw" "$m_cp" "$(calc "$m_cp/$m_getw")"
  echo
  printf 'Peak RSS: get %d MiB, cp %d MiB, bench loader %d MiB.\n\n' $((rss_rf_get/1024)) $((rss_cp/1024)) $((rss_loader/1024))
  printf 'bench loader, async pool (batch 32, pool 64, prefetch 4), 10,000 x 64 KiB files: %.0f items/s (median; rounds: %s).\n' "$m_loader" "$(printf '%.0f ' "${loader_ops[@]}")"
} | tee "$OUT/file-vs-peers.md"
