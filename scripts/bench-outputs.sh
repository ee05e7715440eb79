#!/usr/bin/env bash
# Output-stage benchmark (issue 14 §3): fits with every default output on, and the time of each
# output stage as the fit logs it ("writing 23 heatmaps… 0.41 s (0.70 s CPU)"), beside the fit's own
# execution_time, for
#   static   5 angles x 300 frames   (0.45 M stored points)
#   laminar 23 angles x 658 frames   (10 M stored points; the file of scripts/bench-fit.sh 10000000)
# Each repeat also runs the same fit with outputs off (output.save_fitted_data/save_plots false):
# the whole-process difference is the outputs' cost even for builds that do not time their stages.
# REPEATS=N runs each (default 3); best and median per stage; load average beside the numbers.
# HD=path/to/scripts/homodyne selects another build (before/after). Files under bench-output/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
hd=${HD:-$root/scripts/homodyne}
repeats=${REPEATS:-3}
out=$root/bench-output/outputs-bench
mkdir -p "$out"
static=$(scripts/bench-data.sh static)
laminar=$(scripts/bench-data.sh laminar)
cat > "$out/static.yaml" <<YAML
analysis_mode: static
experimental_data:
  file_path: $static
analyzer_parameters:
  dt: 0.1
initial_parameters:
  parameter_names: [D0, alpha, D_offset]
  values: [1000.0, 0.0, 10.0]
optimization:
  streaming:
    enable_progress: false
YAML
cat > "$out/laminar.yaml" <<YAML
analysis_mode: laminar_flow
experimental_data:
  file_path: $laminar
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
YAML
stats() { sort -g | awk '{v[NR] = $1} END { if (NR == 0) { printf "n/a"; exit } m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "best %6.3f  median %6.3f", v[1], m }'; }
for set in static laminar; do
  cp "$out/$set.yaml" "$out/$set-off.yaml"
  printf 'output:\n  save_fitted_data: false\n  save_plots: false\n' >> "$out/$set-off.yaml"
  : > "$out/$set-stages.txt"
  : > "$out/$set-fit.txt"
  : > "$out/$set-process.txt"
  for r in $(seq "$repeats"); do
    t0=$(date +%s.%N)
    JAVA_OPTS=${JAVA_OPTS:--Xmx512m} "$hd" --config "$out/$set-off.yaml" --output-dir "$out/run-$set-off" --no-resume \
      2> "$out/$set-off.log"
    t1=$(date +%s.%N)
    JAVA_OPTS=${JAVA_OPTS:--Xmx512m} "$hd" --config "$out/$set.yaml" --output-dir "$out/run-$set" --no-resume \
      2> "$out/$set.log"
    t2=$(date +%s.%N)
    echo "$t0 $t1 $t2" | awk '{print $2 - $1, $3 - $2}' >> "$out/$set-process.txt"
    # "writing <what>… <wall> s (<cpu> s CPU)" -> "<what>|<wall>|<cpu>"
    sed -n 's/.* INFO writing \(.*\)… \([0-9.]*\) s\( (\([0-9.]*\) s CPU)\)\{0,1\}$/\1|\2|\4/p' "$out/$set.log" >> "$out/$set-stages.txt"
    # before the output list existed: "fitted_data.npz written in 0.1 s"
    sed -n 's/.* INFO \(fitted_data.npz\) written in \([0-9.]*\) s$/\1|\2|/p' "$out/$set.log" >> "$out/$set-stages.txt"
    grep -o '"execution_time" : [0-9.eE+-]*' "$out/run-$set/nlsq/convergence_metrics.json" | awk '{print $3}' \
      >> "$out/$set-fit.txt"
  done
  echo "== $set ($repeats runs, load $(cut -d' ' -f1-3 /proc/loadavg))"
  echo "fit (execution_time):                            $(stats < "$out/$set-fit.txt") s"
  cut -d'|' -f1 "$out/$set-stages.txt" | sort -u | while read -r what; do
    printf '%-48s %s s   CPU %s s\n' "$what" "$(awk -F'|' -v w="$what" '$1 == w {print $2}' "$out/$set-stages.txt" | stats)" \
      "$(awk -F'|' -v w="$what" '$1 == w && $3 != "" {print $3}' "$out/$set-stages.txt" | stats)"
  done
  echo "whole process, outputs off:                       $(awk '{print $1}' "$out/$set-process.txt" | stats) s"
  echo "whole process, outputs on:                        $(awk '{print $2}' "$out/$set-process.txt" | stats) s"
  sed -n 's/.* outputs: \(.*\)/summary of the last run: \1/p' "$out/$set.log"
done
