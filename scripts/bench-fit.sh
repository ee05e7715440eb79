#!/usr/bin/env bash
# End-to-end fit benchmark: simulate a laminar_flow file of about POINTS stored points (23 angles),
# fit it in streaming mode under -Xmx512m, print wall time, passes, peak RSS.
#   scripts/bench-fit.sh POINTS               # one streamed fit (checkpoints every 10 batches)
#   scripts/bench-fit.sh POINTS checkpoint    # checkpoint_frequency 1 vs checkpoints off
# Needs target/homodyne.jar (scripts/bench.sh builds it). Files go to bench-output/.
set -euo pipefail
cd "$(dirname "$0")/.."
points=${1:-10000000}
what=${2:-fit}
angles=23
frames=$(awk -v p="$points" -v a="$angles" 'BEGIN { printf "%d", sqrt(p / a) + 0.5 }')
out=bench-output
mkdir -p "$out"
data="$out/laminar_${angles}x${frames}.h5"
truth=D0=1.6e4,alpha=-0.5,D_offset=50,gamma_dot_t0=0.002,beta=-0.3,gamma_dot_t_offset=1e-4,phi0=2
phis=$(awk -v a="$angles" 'BEGIN { for (k = 0; k < a; k++) printf "%s%.4f", (k ? "," : ""), -90 + 180 * (k + 0.5) / a }')
if [ ! -f "$data" ]; then
  echo "== simulating $data ($angles angles x $frames frames = $((angles * frames * frames)) stored points)"
  JAVA_OPTS=-Xmx1g scripts/homodyne -q simulate --output "$data" --mode laminar_flow --params "$truth" \
    --phi "$phis" --frames "$frames" --dt 0.1 --q 0.0054 --noise 0.004 --seed 11
fi
config() { # $1 = name, $2 = streaming extra lines
  cat > "$out/$1.yaml" <<YAML
analysis_mode: laminar_flow
experimental_data:
  file_path: $(basename "$data")
analyzer_parameters:
  dt: 0.1
initial_parameters:
  parameter_names: [D0, alpha, D_offset, gamma_dot_t0, beta, gamma_dot_t_offset, phi0]
  values: [1.76e4, -0.45, 55, 0.0022, -0.33, 1.1e-4, 2.2]
optimization:
  nlsq:
    max_iterations: 50
  streaming:
    enable_progress: false
$2
performance:
  strategy_override: streaming
output:
  save_fitted_data: false   # measure the fit; fitted_data.npz of 100 M points is 1.2 GB
  save_plots: false
YAML
}
run() { # $1 = name
  rm -rf "$out/run-$1"
  /usr/bin/time -v -o "$out/time-$1.txt" env JAVA_OPTS="-Xmx512m ${BENCH_JAVA_OPTS:-}" scripts/homodyne --config "$out/$1.yaml" \
    --output-dir "$out/run-$1" --no-resume > "$out/log-$1.txt" 2>&1
  local m="$out/run-$1/nlsq/convergence_metrics.json"
  local wall rss passes iters process
  wall=$(grep -o '"execution_time" : [0-9.eE+-]*' "$m" | awk '{print $3}')
  # the whole command (JVM start, fit, result files), from /usr/bin/time's m:ss.ss
  process=$(grep 'Elapsed (wall clock)' "$out/time-$1.txt" | awk '{n = split($NF, t, ":"); s = 0; for (i = 1; i <= n; i++) s = 60 * s + t[i]; print s}')
  passes=$(grep -o '"passes" : [0-9]*' "$m" | awk '{print $3}')
  iters=$(grep -o '"iterations" : [0-9]*' "$m" | awk '{print $3}')
  rss=$(grep 'Maximum resident set size' "$out/time-$1.txt" | awk '{print $6}')
  # seconds the batches took (read + sum, every evaluation), from batch_statistics.json: the
  # passes' own cost, without start-up, the data survey and the LM's decisions
  local batch
  batch=$(python3 -c 'import json,sys; print(sum(b["seconds"] for b in json.load(open(sys.argv[1]))["batches"]))' \
    "$out/run-$1/nlsq/batch_statistics.json" 2>/dev/null || echo 0)
  # steady state: the median rate of the later half of the passes (the log's "pass N (...): ... (R points/s)"),
  # after the JIT has compiled the kernels; and the pass time it gives for the fitted pairs
  local rates n steady pairs
  rates=$(sed -n 's/.*pass [0-9]* ([^)]*): chi2 = .* (\([0-9.e+]*\) points\/s).*/\1/p' "$out/log-$1.txt")
  n=$(echo "$rates" | grep -c . || true)
  steady=$(echo "$rates" | tail -n $(( (n + 1) / 2 )) | sort -g | awk '{a[NR] = $1} END {print NR ? a[int((NR + 1) / 2)] : 0}')
  pairs=$(grep -o '"fitted_pairs" : [0-9]*' "$out/run-$1/nlsq/analysis_results_nlsq.json" | awk '{print $3}')
  printf '%-28s points=%-11s wall=%8.2f s  process=%8.2f s  passes=%-3s iterations=%-3s peak RSS=%6.0f MB batches=%8.2f s steady=%.4g points/s pairs=%s\n' "$1" \
    "$((angles * frames * frames))" "$wall" "$process" "$passes" "$iters" "$(awk -v k="$rss" 'BEGIN{print k/1024}')" "$batch" \
    "$steady" "$pairs"
}
case "$what" in
  fit)
    config "fit-$frames" "    checkpoint_frequency: 10"
    run "fit-$frames"
    ;;
  checkpoint)
    # Alternate the two settings REPEATS times. Run-to-run noise on a shared 2-core machine is a
    # few percent, larger than the effect, so besides wall times the script reports the cost the
    # run itself accounts for: the fit thread's checkpoint seconds (snapshot, hand-over, waits) plus
    # the writer thread's CPU seconds divided by the cores it competes with.
    config "ckpt-off-$frames" "    enable_checkpoints: false"
    config "ckpt-every-$frames" "    checkpoint_frequency: 1"
    repeats=${REPEATS:-3}
    cores=$(nproc)
    : > "$out/ckpt-times.txt"
    for r in $(seq "$repeats"); do
      for name in "ckpt-off-$frames" "ckpt-every-$frames"; do
        line=$(run "$name"); echo "$line"
        m="$out/run-$name/nlsq/convergence_metrics.json"
        fit=$(grep -o '"seconds_on_fit_thread" : [0-9.eE+-]*' "$m" | awk '{print $3}')
        writer=$(grep -o '"writer_cpu_seconds" : [0-9.eE+-]*' "$m" | awk '{print $3}')
        echo "$name $(echo "$line" | sed 's/.*wall= *\([0-9.]*\).*/\1/') $fit $writer $(echo "$line" | sed 's/.*process= *\([0-9.]*\).*/\1/')" >> "$out/ckpt-times.txt"
      done
    done
    awk -v f="$frames" -v cores="$cores" '
      function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                                         return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
      $1 == "ckpt-off-" f { off[++no] = $2; poff[no] = $5 }
      $1 == "ckpt-every-" f { on[++nn] = $2; pon[nn] = $5; acc[nn] = ($3 + $4 / cores) / $2; bound[nn] = ($3 + $4) / $2; fit += $3; wr += $4 }
      END { mo = median(off, no); mn = median(on, nn); ma = median(acc, nn); mb = median(bound, nn)
            po = median(poff, no); pn = median(pon, nn)
            printf "checkpoint_frequency 1: fit (execution_time) median %.2f s vs %.2f s without checkpoints: %+.1f%% (%d runs each)\n", mn, mo, 100 * (mn - mo) / mo, nn
            printf "                        whole command median %.2f s vs %.2f s: %+.1f%%\n", pn, po, 100 * (pn - po) / po
            printf "accounted cost: fit thread %.3f s + writer CPU %.3f s per run (means); (fit + writer/%d cores) / wall = %.2f%% (median); worst case (fit + writer) / wall = %.2f%%\n", fit / nn, wr / nn, cores, 100 * ma, 100 * mb }' \
      "$out/ckpt-times.txt"
    ;;
esac
