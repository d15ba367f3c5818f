#!/usr/bin/env bash
# The prepare benchmark: generate N rows of ShopGood purchases (seeded, messy emails), time
# `cleanroom prepare` end to end (wall time, rows/s, peak RSS), then time SQLite's
# `.import` of the same file and print the ratio. Targets on a 2-core machine:
# >= 1.5 M rows/s and < 500 MB peak RSS at 10 M rows. Each tool runs RUNS times; the
# figures are the medians (wall time, CPU time = user + system, peak RSS).
#   bench/prepare_bench.sh [ROWS] [BUILD_DIR] [RUNS]   (defaults: 10000000, build, 3)
# BUILD_DIR must have been configured with -DCLEANROOM_BENCH=ON (for prepare_datagen).
set -euo pipefail
rows=${1:-10000000}
build=$(cd "${2:-build}" && pwd)
runs=${3:-3}
src=$(cd "$(dirname "$0")/.." && pwd)
cli="$build/cleanroom"
gen="$build/bench/prepare_datagen"
for f in "$cli" "$gen"; do
  [ -x "$f" ] || { echo "error: $f is missing; build with -DCLEANROOM_BENCH=ON" >&2; exit 1; }
done
command -v sqlite3 >/dev/null || { echo "error: sqlite3 is missing (apt-get install sqlite3)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }

work=$(mktemp -d /tmp/cleanroom-prepare-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"

echo "== data: $rows purchase rows (seed 42)"
"$gen" --rows "$rows" --exposure-rows 0 --overlap 0.3 --seed 42 --out "$work" >/dev/null
bytes=$(stat -c %s purchases.csv)
echo "purchases.csv: $bytes bytes"

# A room: two identities, the enclave measurement, the example policy, a join salt.
"$cli" keygen --name shopgood --out shopgood.id >/dev/null 2>&1
"$cli" keygen --name newsnow --out newsnow.id >/dev/null 2>&1
measurement=$("$cli" measurement)
sed -e "s|@shopgood|$(cat shopgood.pub)|" -e "s|@newsnow|$(cat newsnow.pub)|" \
    -e "s|@measurement|$measurement|" "$src/examples/shopgood-newsnow/policy.template.json" \
    >policy.json
"$cli" salt --out room.salt 2>/dev/null

# Warm the page cache so that both tools read the file from memory.
cat purchases.csv >/dev/null

# median FILE: the median of the numbers in FILE, one per line.
median() { sort -g "$1" | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

echo "== cleanroom prepare ($runs runs)"
: >p.wall; : >p.cpu; : >p.kb
for i in $(seq "$runs"); do
  rm -rf bundle bundle.key
  /usr/bin/time -f "%e %M %U %S" -o prepare.time "$cli" prepare --policy policy.json \
    --dataset purchases --input purchases.csv --salt room.salt --out bundle >prepare.out
  read -r sec kb user sys <prepare.time
  echo "$sec" >>p.wall; awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}' >>p.cpu; echo "$kb" >>p.kb
  echo "run $i: $sec s wall, $(tail -1 p.cpu) s CPU, $((kb / 1024)) MB peak RSS"
done
cat prepare.out
p_sec=$(median p.wall); p_cpu=$(median p.cpu); p_kb=$(median p.kb)
out_bytes=$(du -sb bundle | cut -f1)

echo "== sqlite3 .import ($runs runs)"
: >s.wall; : >s.kb
for i in $(seq "$runs"); do
  rm -f bench.db
  /usr/bin/time -f "%e %M" -o sqlite.time sqlite3 -csv bench.db \
    ".import purchases.csv purchases" >/dev/null
  read -r sec kb <sqlite.time
  echo "$sec" >>s.wall; echo "$kb" >>s.kb
  echo "run $i: $sec s wall"
done
s_sec=$(median s.wall); s_kb=$(median s.kb)
s_rows=$(sqlite3 bench.db "SELECT COUNT(*) FROM purchases")

awk -v rows="$rows" -v p="$p_sec" -v pc="$p_cpu" -v pk="$p_kb" -v s="$s_sec" -v sk="$s_kb" -v sr="$s_rows" \
    -v in_b="$bytes" -v out_b="$out_bytes" 'BEGIN {
  printf "\n== results (%d rows, %.1f MB in, %.1f MB bundle)\n", rows, in_b/1e6, out_b/1e6
  printf "cleanroom prepare : %6.2f s  %5.2f M rows/s  peak RSS %4.0f MB   (target >= 1.5 M rows/s, < 500 MB)\n", p, rows/p/1e6, pk/1024
  printf "                    CPU %.2f s (%.2f us per row over both cores)\n", pc, pc/rows*1e6
  printf "sqlite3 .import   : %6.2f s  %5.2f M rows/s  peak RSS %4.0f MB   (%d rows, no fingerprints, no encryption)\n", s, sr/s/1e6, sk/1024, sr
  printf "ratio             : prepare takes %.2fx the time of sqlite3 .import\n", p/s
  ok = (rows/p >= 1.5e6) && (pk/1024 < 500)
  printf "targets           : %s\n", ok ? "met" : "NOT met"
}'
