#!/usr/bin/env bash
# The attribution query on EXPOSURES x PURCHASES rows: cleanroom's engine (decryption
# included) against SQLite and DuckDB on the same normalised plaintext, in one run.
#   bench/engine_vs_duckdb.sh [EXPOSURES] [PURCHASES] [BUILD_DIR]   (defaults 10000000 2000000 build)
# BUILD_DIR must be configured with -DCLEANROOM_BENCH=ON. Installs @duckdb/node-api from npm
# into bench/node_modules on first use.
set -euo pipefail
ex=${1:-10000000}
pu=${2:-2000000}
build=$(cd "${3:-build}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d /tmp/cleanroom-engine-bench.XXXXXX)
trap 'rm -rf "$dir"' EXIT
if [ ! -d "$here/node_modules/@duckdb/node-api" ]; then
  (cd "$here" && npm install --no-save --no-audit --no-fund @duckdb/node-api >/dev/null)
fi
out=$("$build/bench/engine_attribution_bench" "$ex" "$pu" "$dir" --keep)
echo "$out"
duck=$(node "$here/duckdb_attribution.mjs" "$dir")
echo "$duck"
engine=$(sed -n 's/^engine (decrypt.*): \([0-9.]*\) s.*/\1/p' <<<"$out")
duck_s=$(sed -n 's/^duckdb (.*): \([0-9.]*\) s/\1/p' <<<"$duck")
awk -v e="$engine" -v d="$duck_s" 'BEGIN { printf "ratio duckdb/engine: %.2fx (above 1: the engine is faster)\n", d / e }'
