#!/usr/bin/env bash
# Data I/O benchmark (docs/PERFORMANCE.md, "Data I/O"):
#   1. writes a 100 M stored-point APS-U file (23 angles x 2085 frames), contiguous and chunked+deflate,
#      with `homodyne simulate`, recording the writer's peak RSS (-Xmx512m);
#   2. measures row-block read throughput of both (ReadThroughputBench, page cache warm; chunked files are
#      decoded on one thread per processor, so the chunked file is also read with -XX:ActiveProcessorCount=1),
#      and the chunked file through the decoded-data cache (--cached: what the passes after the first read);
#   3. streams every batch of each file once with -Xmx256m and records the peak RSS (StreamAllBatches).
# Usage: scripts/bench-io.sh [FRAMES (default 2085)]   Output folder: $BENCH_DIR (default bench-output/io).
#        REUSE=1 keeps files already written for the same FRAMES (skips step 1).
set -euo pipefail
cd "$(dirname "$0")/.."

FRAMES=${1:-2085}
OUT=${BENCH_DIR:-bench-output/io}
mkdir -p "$OUT"

if [[ ! -f target/homodyne.jar || ! -d target/test-classes/org/homodyne/bench ]]; then
  mvn -B -q -DskipTests package
fi
CP=target/homodyne.jar:target/test-classes
QUIET=-Dorg.slf4j.simpleLogger.defaultLogLevel=warn
PHI=$(awk 'BEGIN { for (i = 0; i < 23; i++) printf "%s%.4f", (i ? "," : ""), -90 + i * 180 / 22 }')
PARAMS=D0=1e3,alpha=-0.2,D_offset=1,gamma_dot_t0=0.01,beta=0.1,gamma_dot_t_offset=0,phi0=2

timed() { # timed LABEL CMD... : runs CMD, prints wall time and peak RSS when /usr/bin/time exists
  local label=$1; shift
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -f "$label: wall %e s, peak RSS %M kB" "$@"
  else
    "$@"
  fi
}

echo "== machine: $(nproc) cores, $(uname -srm), $(java -version 2>&1 | head -1), $(date -u +%Y-%m-%dT%H:%MZ)"
for kind in contiguous chunked; do
  flag=""; [[ $kind == chunked ]] && flag=--chunked
  if [[ ${REUSE:-0} == 1 && -f "$OUT/big-$kind.h5" && -f "$OUT/big-$kind.frames" \
        && $(cat "$OUT/big-$kind.frames") == "$FRAMES" ]]; then
    echo "reusing $OUT/big-$kind.h5"
    continue
  fi
  timed "simulate $kind (-Xmx512m)" java -Xmx512m $QUIET -cp "$CP" org.homodyne.cli.SimulateCommand \
    --output "$OUT/big-$kind.h5" --force $flag --mode laminar_flow --params "$PARAMS" --phi "$PHI" \
    --frames "$FRAMES" --dt 0.1 --q 0.0054 --noise 0.01 --seed 1
  echo "$FRAMES" > "$OUT/big-$kind.frames"
done
ls -l "$OUT"/big-*.h5

echo "== read throughput (page cache warm; one reading thread, chunks decoded on $(nproc) threads; load: $(cut -d' ' -f1-3 /proc/loadavg))"
for pts in 4000000 100000; do
  java -Xmx512m $QUIET -cp "$CP" org.homodyne.bench.ReadThroughputBench --points $pts --passes 5 \
    "$OUT/big-contiguous.h5" "$OUT/big-chunked.h5"
done
echo "== chunked, one processor (-XX:ActiveProcessorCount=1: one decode thread besides the reader)"
java -XX:ActiveProcessorCount=1 -Xmx512m $QUIET -cp "$CP" org.homodyne.bench.ReadThroughputBench --points 4000000 \
  --passes 5 "$OUT/big-chunked.h5"

echo "== chunked, through the decoded-data cache (performance.cache_decoded_data: the passes after the first)"
java -Xmx512m $QUIET -cp "$CP" org.homodyne.bench.ReadThroughputBench --points 4000000 --passes 5 --cached \
  "$OUT/big-chunked.h5"

echo "== streaming every batch once with -Xmx256m"
for kind in contiguous chunked; do
  timed "stream $kind (-Xmx256m)" java -Xmx256m $QUIET -cp "$CP" org.homodyne.bench.StreamAllBatches \
    "$OUT/big-$kind.h5"
done
