#!/bin/bash
# The runs behind docs/performance.md, in one session: the bench and bench-portable presets must
# be built first (see that page). Writes the JSON and Markdown of each run to $1 (default
# build/bench-tables) and prints the Markdown. Keep the machine otherwise idle.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/bench-tables}
mkdir -p "$out"
native=build/bench/bench/activ_bench
portable=build/bench-portable/bench/activ_bench
common=(--benchmark_repetitions=3 --benchmark_report_aggregates_only=true --benchmark_min_time=0.1)
run() {  # name, binary, arguments...
  local name=$1 binary=$2
  shift 2
  "$binary" "${common[@]}" "$@" --benchmark_out="$out/$name.json" --benchmark_out_format=json \
    > /dev/null
}
build/bench/bench/activ_peer_accuracy --stride 256 > "$out/peer_accuracy.txt"
run native "$native" --benchmark_filter='^((activ|fast|textbook|eigen|xnnpack|onednn)/[a-z0-9_]+/(forward|derivative)/float/4096|activ/[a-z0-9_]+/(forward|derivative)/double/4096|memcpy/(float|double)/4096)$'
run avx2 "$native" --activ_isa=avx2_fma \
  --benchmark_filter='^((activ|fast)/[a-z0-9_]+/forward/float/4096|memcpy/float/4096)$'
run portable "$portable" \
  --benchmark_filter='^((activ|fast|eigen|xnnpack|onednn)/[a-z0-9_]+/forward/float/4096|memcpy/float/4096)$'
common=(--benchmark_repetitions=5 --benchmark_report_aggregates_only=true --benchmark_min_time=0.2
        --benchmark_enable_random_interleaving=true)
run dram "$native" --benchmark_filter='^((activ|fast)/[a-z0-9_]+/forward/float/16777216|memcpy/float/16777216)$'
for name in native avx2 portable dram; do
  accuracy=()
  if [ "$name" = native ]; then accuracy=(--accuracy "$out/peer_accuracy.txt"); fi
  python3 bench/table.py "$out/$name.json" "${accuracy[@]}" --output "$out/$name.md"
  echo "## $name"
  cat "$out/$name.md"
done
