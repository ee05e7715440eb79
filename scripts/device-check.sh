#!/usr/bin/env bash
# The one script a GPU session runs (docs/GPU.md): on a host with an NVIDIA GPU and driver but no
# Java, using device-bundle/ (scripts/device-bundle.sh, built on a machine with a JDK and nvcc).
#
#   1. environment: nvidia-smi, driver, the bundle's Java
#   2. GPU checks (GpuCheckMain): CUDA backend vs ReferenceAccumulator / CpuBackend on random batches
#      (static, laminar both conventions, NaN/Inf, triangle indices > 2^31) to 1e-10, resident vs
#      streamed passes bitwise identical, kernel registers/occupancy, and a benchmark of streamed and
#      resident passes (pair evaluations per second) against the CPU backend
#   3. fits: a static and a laminar_flow dataset from `homodyne simulate`, each fitted with
#      --cpu-only and with --gpu; parameters must agree to 1e-8 relative (SPEC §7) and the --gpu fit
#      must really have run on the GPU
#   3b. every GPU of the node (issue 15 §2): the GPU checks fit the same data on several lanes (each
#      GPU in turn, two contexts on GPU 0 of a one-GPU host) and require the bits of one lane,
#      printing each lane's throughput; on a host with 2 or more GPUs the static case is also
#      fitted with --devices 0,1 and must equal the one-GPU fit bit for bit (per-device throughput
#      from its convergence_metrics.json)
#   4. one summary table
#
# Everything goes under $OUT (the device tool's result folder) or ./device-check-output.
# Wall time: about 2-4 minutes on an H100 host; every step has its own timeout, the whole stays
# under 10 minutes. Exit code 0 when every check passed, 1 otherwise, 3 when no GPU was usable.
# Options (environment): DEVICE_BUNDLE=dir, CHECK_QUICK=1 (smaller benchmark), BENCH_FRAMES=N,
# FIT_FRAMES=N (frames of both fit cases), MULTI_GPU_DRY_RUN=1 (run the 2-GPU case whatever the GPU
# count: on a host without 2 GPUs it falls back and reports NO GPU; tests the script's host side).
set -u
cd "$(dirname "$0")/.."
root=$(pwd)
bundle=${DEVICE_BUNDLE:-$root/device-bundle}
out=${OUT:-$root/device-check-output}
mkdir -p "$out"
summary=$out/summary.txt
: > "$summary"
t_start=$(date +%s)

say() { echo "$@" | tee -a "$summary"; }
elapsed() { echo $(( $(date +%s) - t_start )); }

if [ -x "$bundle/runtime/bin/java" ]; then
  java=$bundle/runtime/bin/java
elif command -v java >/dev/null 2>&1; then
  java=java
else
  say "device-check: no Java: build the bundle first (scripts/device-bundle.sh) and carry device-bundle/"
  exit 2
fi
jar=$bundle/homodyne.jar
[ -f "$jar" ] || jar=$root/target/homodyne.jar
tests=$bundle/test-classes
[ -d "$tests" ] || tests=$root/target/test-classes
cp="$jar:$tests"
# big heap for the benchmark's data (hundreds of MB of float32 pairs); the machine has plenty
jvm_opts=${JVM_OPTS:--Xmx16g}

declare -a rows
row() { rows+=("$(printf '%-44s %-8s %s' "$1" "$2" "$3")"); }
status=0

# ---- 1. environment -------------------------------------------------------------------------
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)   host: $(hostname)"
  uname -a
  if command -v nvidia-smi >/dev/null 2>&1; then
    nvidia-smi --query-gpu=index,name,driver_version,memory.total,memory.used,clocks.max.sm --format=csv
  else
    echo "nvidia-smi: not found"
  fi
  "$java" -version 2>&1
  echo "bundle: $(head -1 "$bundle/README.txt" 2>/dev/null || echo "none (using target/)")"
} > "$out/environment.txt" 2>&1
say "== environment ($out/environment.txt)"
sed 's/^/   /' "$out/environment.txt" | tee -a "$summary"

# ---- 2. GPU checks and benchmark --------------------------------------------------------------
say "== GPU checks and benchmark (GpuCheckMain)"
gpu_args=(--out "$out")
[ "${CHECK_QUICK:-0}" = 1 ] && gpu_args+=(--quick)
[ -n "${BENCH_FRAMES:-}" ] && gpu_args+=(--bench-frames "$BENCH_FRAMES")
timeout 300 "$java" $jvm_opts -cp "$cp" org.homodyne.backend.cuda.GpuCheckMain "${gpu_args[@]}" \
  > "$out/gpu-check.log" 2>&1
rc=$?
sed 's/^/   /' "$out/gpu-check.log" | tee -a "$summary"
no_gpu=0
case $rc in
  0) row "GPU checks (GpuCheckMain)" PASS "$(grep -c '^PASS' "$out/gpu-check.log") checks" ;;
  3) row "GPU checks (GpuCheckMain)" "NO GPU" "$(grep '^NO GPU' "$out/gpu-check.log" | head -1)"; no_gpu=1 ;;
  124) row "GPU checks (GpuCheckMain)" FAIL "timed out after 300 s"; status=1 ;;
  *) row "GPU checks (GpuCheckMain)" FAIL "exit $rc, $(grep -c '^FAIL' "$out/gpu-check.log") failed checks"
     status=1 ;;
esac
while IFS= read -r line; do
  name=${line#BENCH }; name=${name%%:*}
  rate=$(sed -n 's/.*= \([0-9.e+-]*\) pairs\/s.*/\1/p' <<<"$line")
  row "  $name" "" "$rate pairs/s"
done < <(grep '^BENCH' "$out/gpu-check.log")
while IFS= read -r line; do
  lane=${line#LANE }; name=${lane%%:*}
  rate=$(sed -n 's/.*, \([0-9.e+-]*\) points\/s.*/\1/p' <<<"$line")
  row "  multi-lane fit, lane $name" "" "$rate points/s"
done < <(grep '^LANE' "$out/gpu-check.log")

# ---- 3. CPU vs GPU fits of simulated data -----------------------------------------------------
hd() { timeout "$1" "$java" $jvm_opts -jar "$jar" "${@:2}"; }
fit_case() {
  local name=$1 mode=$2 params=$3 frames=$4 phis=$5
  local data=$out/data/$name.h5 cfg=$out/fits/$name.yaml
  mkdir -p "$out/data" "$out/fits"
  say "== fit $name: simulate ($frames frames, angles $phis)"
  if ! hd 120 -q simulate --force --output "$data" --mode "$mode" --params "$params" --phi "$phis" \
      --frames "$frames" --dt 0.1 --q 0.0054 --noise 0.004 --seed 11 > "$out/fits/$name-simulate.log" 2>&1; then
    row "fit $name" FAIL "simulate failed: $(tail -1 "$out/fits/$name-simulate.log")"; status=1; return
  fi
  local names values
  if [ "$mode" = static ]; then
    names="[D0, alpha, D_offset]"; values="[1000.0, 0.0, 10.0]"
  else
    names="[D0, alpha, D_offset, gamma_dot_t0, beta, gamma_dot_t_offset, phi0]"
    values="[1000.0, 0.0, 10.0, 0.01, 0.0, 0.0, 0.0]"
  fi
  # streaming in batches of 200000 points: several batches, so the GPU fit keeps them resident
  cat > "$cfg" <<EOF
analysis_mode: $mode
experimental_data:
  file_path: $data
analyzer_parameters:
  dt: 0.1
  scattering:
    wavevector_q: 0.0054
  geometry:
    stator_rotor_gap: 2000000
initial_parameters:
  parameter_names: $names
  values: $values
optimization:
  method: nlsq
  nlsq:
    max_iterations: 100
    tolerance: 1e-8
  streaming:
    enable_checkpoints: false
    enable_progress: false
    batch_size: 200000
performance:
  strategy_override: streaming
output:
  save_fitted_data: false
  save_plots: false
EOF
  for dev in cpu gpu; do
    local flag=--cpu-only
    [ $dev = gpu ] && flag=--gpu
    say "   fitting with $flag"
    if ! hd 240 --config "$cfg" --output-dir "$out/fits/$name-$dev" --no-resume $flag \
        > "$out/fits/$name-$dev.log" 2>&1; then
      row "fit $name ($flag)" FAIL "exit $?: $(tail -1 "$out/fits/$name-$dev.log")"; status=1; return
    fi
  done
  local cmp
  cmp=$(timeout 60 "$java" -cp "$cp" org.homodyne.backend.cuda.CompareFits "$out/fits/$name-cpu" \
        "$out/fits/$name-gpu" 1e-8 2>&1)
  rc=$?
  say "   $cmp"
  case $rc in
    0) row "fit $name: cpu vs gpu parameters" PASS "${cmp#MATCH: }" ;;
    4) row "fit $name: cpu vs gpu parameters" "NO GPU" "${cmp#MATCH: }"; [ $no_gpu = 1 ] || status=1 ;;
    *) row "fit $name: cpu vs gpu parameters" FAIL "$cmp"; status=1 ;;
  esac
}
fit_case static static "D0=1.6e4,alpha=-0.5,D_offset=50" "${FIT_FRAMES:-1000}" "0,60,120"
fit_case laminar laminar_flow \
  "D0=1.6e4,alpha=-0.5,D_offset=50,gamma_dot_t0=0.002,beta=-0.3,gamma_dot_t_offset=1e-4,phi0=2" \
  "${FIT_FRAMES:-800}" "-45,0,45,90"

# ---- 3b. two GPUs: --devices 0,1 equals one GPU to the bit -----------------------------------
gpu_count=0
command -v nvidia-smi >/dev/null 2>&1 && gpu_count=$(nvidia-smi -L 2>/dev/null | grep -c '^GPU ')
if [ "$gpu_count" -ge 2 ] || [ "${MULTI_GPU_DRY_RUN:-0}" = 1 ]; then
  say "== two GPUs: static case with --devices 0,1 ($gpu_count GPU(s) on this host)"
  if [ -f "$out/fits/static.yaml" ] && [ -d "$out/fits/static-gpu/nlsq" ]; then
    if hd 240 --config "$out/fits/static.yaml" --output-dir "$out/fits/static-2gpu" --no-resume --devices 0,1 \
        > "$out/fits/static-2gpu.log" 2>&1; then
      cmp=$(timeout 60 "$java" -cp "$cp" org.homodyne.backend.cuda.CompareFits "$out/fits/static-gpu" \
            "$out/fits/static-2gpu" 0 2>&1)
      rc=$?
      say "   $cmp"
      case $rc in
        0) row "fit static: 1 GPU vs --devices 0,1" PASS "bit-identical" ;;
        4) row "fit static: 1 GPU vs --devices 0,1" "NO GPU" "${cmp#MATCH: }"; [ $no_gpu = 1 ] || status=1 ;;
        *) row "fit static: 1 GPU vs --devices 0,1" FAIL "$cmp"; status=1 ;;
      esac
      shares=$(timeout 60 "$java" -cp "$cp" org.homodyne.backend.cuda.DeviceShares "$out/fits/static-2gpu" 2 2>&1)
      rc=$?
      sed 's/^/   /' <<<"$shares" | tee -a "$summary"
      while IFS= read -r line; do
        lane=${line#LANE }; name=${lane%%:*}
        rate=$(sed -n 's/.*, \([0-9.e+-]*\) points\/s.*/\1/p' <<<"$line")
        row "  --devices 0,1, lane $name" "" "$rate points/s"
      done < <(grep '^LANE' <<<"$shares")
      if [ $rc -ne 0 ] && [ $no_gpu = 0 ] && [ "$gpu_count" -ge 2 ]; then
        row "--devices 0,1 lanes" FAIL "$(tail -1 <<<"$shares")"; status=1
      fi
    else
      row "fit static (--devices 0,1)" FAIL "exit $?: $(tail -1 "$out/fits/static-2gpu.log")"; status=1
    fi
  else
    row "fit static (--devices 0,1)" FAIL "the one-GPU static fit is missing"; status=1
  fi
else
  row "two GPUs (--devices 0,1)" SKIP "$gpu_count GPU(s) on this host (the multi-lane check above ran)"
fi

# ---- 4. summary -------------------------------------------------------------------------------
say ""
say "== summary ($(elapsed) s)"
say "$(printf '%-44s %-8s %s' check result detail)"
for r in "${rows[@]}"; do
  say "$r"
done
if [ $status = 0 ] && [ $no_gpu = 1 ]; then
  say "RESULT: no usable GPU on this host (see above); nothing on the GPU was checked"
  exit 3
fi
say "RESULT: $([ $status = 0 ] && echo 'all checks passed' || echo 'some checks FAILED')"
exit $status
