#!/usr/bin/env bash
# Scaling of a streamed laminar_flow fit with the number of points (issue 14 §5): the same
# 23-angle model at ~1e7 and ~1e8 stored points (and ~1e9 with SCALING_1E9=1: a 4 GB file, about
# 2 minutes to simulate), each fitted under -Xmx512m in streaming mode from a start within ±10% of
# the truth (scripts/bench-fit.sh). Prints wall time, passes, time per pass, peak RSS per size and
# the exponent of time per pass vs points (least squares on the logs). Data files are cached in
# bench-output/ (git-ignored); a second run reuses them.
#   scripts/bench-scaling.sh            # 1e7, 1e8
#   SCALING_1E9=1 scripts/bench-scaling.sh
#   SIZES="1e7 1e8 1e9" scripts/bench-scaling.sh
#   BENCH_JAVA_OPTS=-Dhomodyne.simd=now ...   # the SIMD kernel from the first point (no scalar warm-up)
# Needs target/homodyne.jar (scripts/bench.sh scaling builds it).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${SIZES:-"1e7 1e8"}
if [ "${SCALING_1E9:-0}" = 1 ] && [[ " $sizes " != *" 1e9 "* ]]; then
  sizes="$sizes 1e9"
fi
out=bench-output
mkdir -p "$out"
: > "$out/scaling.txt"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $(java -version 2>&1 | head -1)"
for s in $sizes; do
  points=$(awk -v s="$s" 'BEGIN { printf "%d", s }')
  line=$(scripts/bench-fit.sh "$points" | tail -1)
  echo "$line"
  echo "$line" >> "$out/scaling.txt"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
# time per pass vs points: slope of log(wall/passes) on log(points)
awk '
  { for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    p = v["points"]; w = $0; sub(/.*wall= */, "", w); sub(/ s.*/, "", w); n = v["passes"]
    rss = $0; sub(/.*peak RSS= */, "", rss); sub(/ MB.*/, "", rss)
    st = v["steady"] + 0; pr = v["pairs"] + 0
    x[++k] = log(p); y[k] = log(w / n); z[k] = log(pr / st)
    printf "%12d points (%d pairs): %3d passes, %7.3f s per pass (wall / passes), %7.3f s per steady pass (%.3g pairs/s), peak RSS %s MB\n", p, pr, n, w / n, pr / st, st, rss }
  END { if (k < 2) exit
        for (i = 1; i <= k; i++) { sx += x[i]; sy += y[i] }
        mx = sx / k; my = sy / k
        for (i = 1; i <= k; i++) { sz += z[i] }
        mz = sz / k
        for (i = 1; i <= k; i++) { sxy += (x[i] - mx) * (y[i] - my); sxz += (x[i] - mx) * (z[i] - mz); sxx += (x[i] - mx) ^ 2 }
        printf "exponent vs points: steady pass time %.3f; wall / passes %.3f (start-up, JIT and the data survey included) (%d sizes)\n", sxz / sxx, sxy / sxx, k }' "$out/scaling.txt"
