#!/usr/bin/env bash
# Start-up and whole-process benchmark (issue 14 §3) on a 5-angle x 300-frame static set.
#  1. Start-up: JVM uptime when the first pass starts (class TileAccumulator loaded) and when the
#     first Levenberg-Marquardt step is solved (EJML's LinearSolverFactory_DDRM loaded), from
#     -Xlog:class+load; classes loaded before the first pass and how many came from the AppCDS
#     archive; with the archive and without (HOMODYNE_CDS=off), runs alternating.
#  2. Whole process (JVM, fit, every default output) vs the scipy peer's least_squares alone
#     (src/test/resources/parity/scipy_fit.py, same data, same start, same tolerances 1e-8),
#     measured in the same run.
# REPEATS=N runs of each (default 5); prints best and median and the load average.
# HD=path/to/scripts/homodyne selects another build (before/after comparisons).
# Needs target/homodyne.jar (scripts/bench.sh builds it); python3 with numpy and scipy for part 2.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
hd=${HD:-$root/scripts/homodyne}
repeats=${REPEATS:-5}
out=$root/bench-output/startup
mkdir -p "$out"
data=$(scripts/bench-data.sh static)
# config/static.yaml's start and bounds (the scipy problem below repeats them)
cat > "$out/static.yaml" <<YAML
analysis_mode: static
experimental_data:
  file_path: $data
analyzer_parameters:
  dt: 0.1
initial_parameters:
  parameter_names: [D0, alpha, D_offset]
  values: [1000.0, 0.0, 10.0]
parameter_space:
  bounds:
    - {name: contrast, min: 0.0, max: 1.0}
    - {name: offset, min: 0.5, max: 1.5}
    - {name: D0, min: 100.0, max: 100000.0}
    - {name: alpha, min: -2.0, max: 2.0}
    - {name: D_offset, min: -100000.0, max: 100000.0}
optimization:
  nlsq:
    max_iterations: 200
    ftol: 1.0e-8
    xtol: 1.0e-8
    gtol: 1.0e-8
  streaming:
    enable_progress: false
YAML
load() { cut -d' ' -f1-3 /proc/loadavg; }
stats() { sort -g | awk '{v[NR] = $1} END { if (NR == 0) { print "n/a"; exit } m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "best %.3f  median %.3f  (n=%d)", v[1], m, NR }'; }
: > "$out/startup.txt"
: > "$out/process.txt"
for r in $(seq "$repeats"); do
  for cds in on off; do
    log=$out/classes-$cds.log
    rm -f "$log"
    t0=$(date +%s.%N)
    HOMODYNE_CDS=$cds JAVA_OPTS="-Xlog:class+load:file=$log:uptime -Xlog:startuptime:file=$out/startuptime-$cds.log:uptime" \
      /usr/bin/time -f '%U %S' -o "$out/cpu-$cds.txt" \
      "$hd" --config "$out/static.yaml" --output-dir "$out/run-$cds" --no-resume 2> "$out/fit-$cds.log"
    t1=$(date +%s.%N)
    first=$(grep -m1 'org.homodyne.backend.TileAccumulator ' "$log" | sed 's/^\[\([0-9.]*\)s\].*/\1/')
    solve=$(grep -m1 'LinearSolverFactory_DDRM ' "$log" | sed 's/^\[\([0-9.]*\)s\].*/\1/')
    line=$(grep -n -m1 'org.homodyne.backend.TileAccumulator ' "$log" | cut -d: -f1)
    shared=$(head -n "$line" "$log" | grep -c 'shared objects file (top)' || true)
    echo "$cds $first $solve $line $shared $(awk -v a="$t0" -v b="$t1" 'BEGIN{print b - a}')" >> "$out/startup.txt"
    cpu=$(awk '{print $1 + $2}' "$out/cpu-$cds.txt")
    [ "$cds" = on ] && awk -v a="$t0" -v b="$t1" -v c="$cpu" 'BEGIN{print b - a, c}' >> "$out/process.txt"
  done
done
echo "== start-up, $repeats runs each (load $(load))"
for cds in on off; do
  echo "AppCDS $cds: first pass starts at $(awk -v c=$cds '$1 == c {print $2}' "$out/startup.txt" | stats) s;" \
    "first LM solve at $(awk -v c=$cds '$1 == c {print $3}' "$out/startup.txt" | stats) s;" \
    "classes before the first pass $(awk -v c=$cds '$1 == c {print $4}' "$out/startup.txt" | sort -n | head -1)" \
    "($(awk -v c=$cds '$1 == c {print $5}' "$out/startup.txt" | sort -n | head -1) from the archive);" \
    "whole process $(awk -v c=$cds '$1 == c {print $6}' "$out/startup.txt" | stats) s"
done
grep -h "Create VM" "$out"/startuptime-*.log | tail -2 || true
{ grep -h "writing \|outputs:" "$out/fit-on.log" || true; } | sed 's/^[0-9:]* INFO /   /'

if ! python3 -c 'import numpy, scipy.optimize' 2>/dev/null; then
  echo "python3 with numpy and scipy not found: scipy comparison skipped"; exit 0
fi
# the scipy peer: same data (the run's fitted_data.npz), same start (contrast/offset as the fit
# logged them, physical start and bounds of static.yaml), same tolerances
python3 - "$out/run-on/nlsq/fitted_data.npz" "$out/fit-on.log" "$out/problem.json" <<'PY'
import json, re, sys
import numpy as np
d = np.load(sys.argv[1], allow_pickle=False)
c2 = d["c2_exp"].astype(np.float64)
n = c2.shape[1]
iu = np.triu_indices(n, k=1)
starts = re.findall(r"start phi=\S+: contrast (\S+), offset (\S+) ", open(sys.argv[2]).read())
na = c2.shape[0]
assert len(starts) == na, starts
contrast = [float(c) for c, o in starts]
offset = [float(o.rstrip(',')) for c, o in starts]
dt = float(d["dt"][0]) if "dt" in d.files else float(d["t1"][1] - d["t1"][0])
prob = {"mode": "static", "convention": "homodyne", "dt": dt, "q": float(d["q"][0]), "L": 2e6,
        "sigma": 0.01, "t": d["t1"].tolist(), "phi": d["phi_angles"].tolist(),
        "x0": contrast + offset + [1000.0, 0.0, 10.0],
        "lower": [0.0] * na + [0.5] * na + [100.0, -2.0, -1e5],
        "upper_bounds": [1.0] * na + [1.5] * na + [1e5, 2.0, 1e5],
        "upper": [c2[a][iu].tolist() for a in range(na)],
        "ftol": 1e-8, "xtol": 1e-8, "gtol": 1e-8, "max_nfev": 5000}
json.dump(prob, open(sys.argv[3], "w"))
PY
: > "$out/scipy.txt"
for r in $(seq "$repeats"); do
  python3 src/test/resources/parity/scipy_fit.py "$out/problem.json" "$out/scipy-result.json"
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["fit_seconds"], r["nfev"], r["chi2_full"], r["fit_cpu_seconds"])' \
    "$out/scipy-result.json" >> "$out/scipy.txt"
done
ours=$(grep -o '"chi_squared" : [0-9.eE+-]*' "$out/run-on/nlsq/parameters.json" | awk '{print $3}')
passes=$(grep -o '"passes" : [0-9]*' "$out/run-on/nlsq/convergence_metrics.json" | awk '{print $3}')
echo "== whole process vs scipy least_squares alone, $repeats runs each (load $(load))"
echo "homodyne-java whole process (JVM + fit + default outputs): wall $(awk '{print $1}' "$out/process.txt" | stats) s;" \
  "CPU (user + sys, all threads) $(awk '{print $2}' "$out/process.txt" | stats) s; $passes passes, chi2 $ours"
echo "scipy least_squares alone: wall $(awk '{print $1}' "$out/scipy.txt" | stats) s; CPU $(awk '{print $4}' "$out/scipy.txt" | stats) s;" \
  "nfev $(head -1 "$out/scipy.txt" | awk '{print $2}'), chi2 $(head -1 "$out/scipy.txt" | awk '{print $3}')"
best() { sort -g | head -1; }
awk -v o="$(awk '{print $1}' "$out/process.txt" | best)" -v s="$(awk '{print $1}' "$out/scipy.txt" | best)" \
  -v oc="$(awk '{print $2}' "$out/process.txt" | best)" -v sc="$(awk '{print $4}' "$out/scipy.txt" | best)" \
  'BEGIN { printf "ratio scipy fit / whole process: wall %.1fx (best of each), CPU %.1fx (best of each)\n", s / o, sc / oc }'
