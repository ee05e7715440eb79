#!/usr/bin/env bash
# Benchmarks (not tests): JMH harness for the CPU accumulate kernels, plus optional end-to-end
# fit timings. Usage:
#   scripts/bench.sh accumulate        # JMH: points/s per core, static and laminar, 1/8/23 angles
#                                      #   (extra JMH options pass through, e.g. -p simd=now,off: SIMD vs scalar)
#   scripts/bench.sh accumulate-cpu    # the same, timed by thread CPU time (less disturbed by other load), SIMD and scalar
#   scripts/bench.sh checksum          # JMH: CRC32C of the same batches (the data-integrity check), then the
#                                      #   static and laminar accumulate of 1 and 8 angles, for their ratio
#   scripts/bench.sh fit [POINTS]      # simulate a laminar file of ~POINTS points (default 1e7), fit it
#   scripts/bench.sh checkpoint        # fit with checkpoint_frequency 1 vs checkpoints off
#   scripts/bench.sh io                # HDF5 row-block read throughput (scripts/bench-io.sh)
#   scripts/bench.sh passes [--no-scipy]  # passes per fit vs scipy TRF's evaluations on a fixed problem set
#   scripts/bench.sh passes --start-scan     # the BNL problems from 48 starts each: trapped fits, passes
#   scripts/bench.sh passes --template-scan  # laminar sets from the config template's start (issue 11)
#   scripts/bench.sh startup           # start-up to the first pass, AppCDS on/off; whole process vs scipy
#   scripts/bench.sh outputs           # time of every output stage, 5x300 static and 10 M-point laminar
#   scripts/bench.sh scaling           # streamed laminar fits of 1e7 and 1e8 points (SCALING_1E9=1: also 1e9,
#                                      #   4 GB of data cached in bench-output/): time per pass vs points
#   scripts/bench.sh global [REPEATS]  # issue 11 acceptance: 12 laminar datasets from the template's
#                                      # defaults (global phase) vs from +-10% of the truth
#                                      # (bench-output/global-acceptance.md)
# Results go to bench-output/ (ignored by git); record them in docs/PERFORMANCE.md with the
# machine and date.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-accumulate}
mkdir -p bench-output
classpath() {
  mvn -B -q test-compile >/dev/null
  mvn -B -q dependency:build-classpath -Dmdep.outputFile=bench-output/cp.txt -Dmdep.includeScope=test >/dev/null
  echo "target/test-classes:target/classes:$(cat bench-output/cp.txt)"
}
case "$what" in
  accumulate)
    cp=$(classpath)
    # the forks get --add-modules jdk.incubator.vector from the benchmark's @Fork; the host too (for -f 0)
    java --add-modules jdk.incubator.vector -cp "$cp" org.openjdk.jmh.Main AccumulateBenchmark -rf json -rff bench-output/accumulate.json "${@:2}" \
      | tee bench-output/accumulate.txt
    java -cp "$cp" org.homodyne.bench.BenchReport bench-output/accumulate.json
    ;;
  checksum)
    cp=$(classpath)
    echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
    java -cp "$cp" org.openjdk.jmh.Main ChecksumBenchmark -p angles=1,8 -rf json -rff bench-output/checksum.json \
      "${@:2}" | tee bench-output/checksum.txt
    java --add-modules jdk.incubator.vector -cp "$cp" org.openjdk.jmh.Main AccumulateBenchmark -p threads=1 \
      -p angles=1,8 -rf json -rff bench-output/checksum-accumulate.json "${@:2}" | tee -a bench-output/checksum.txt
    echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
    ;;
  accumulate-cpu)
    cp=$(classpath)
    echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
    for simd in now off; do
      java -Xmx2g --add-modules jdk.incubator.vector -Dhomodyne.simd=$simd -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
        -cp "$cp" org.homodyne.bench.AccumulateCpuTime "${2:-static,laminar_flow}" "${3:-1,8,23}" 2>&1 \
        | grep -v "incubator modules"
    done | tee bench-output/accumulate-cpu.txt
    echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
    ;;
  fit)
    points=${2:-10000000}
    mvn -B -q package -DskipTests
    scripts/bench-fit.sh "$points"
    ;;
  checkpoint)
    mvn -B -q package -DskipTests
    scripts/bench-fit.sh "${2:-10000000}" checkpoint
    ;;
  io)
    scripts/bench-io.sh "${@:2}"
    ;;
  passes)
    # deterministic counts (no timing): the table goes to bench-output/passes/passes.md; scipy's
    # answers are cached there by problem hash
    cp=$(classpath)
    java -cp "$cp" org.homodyne.bench.PassesBench bench-output/passes "${@:2}"
    ;;
  startup)
    mvn -B -q package -DskipTests
    scripts/bench-startup.sh
    ;;
  outputs)
    mvn -B -q package -DskipTests
    scripts/bench-outputs.sh
    ;;
  scaling)
    mvn -B -q package -DskipTests
    scripts/bench-scaling.sh
    ;;
  global)
    cp=$(classpath)
    java -XX:+UseSerialGC -Xmn32m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
      org.homodyne.bench.GlobalAcceptance bench-output/global-acceptance "${2:-3}"
    ;;
  *)
    echo "usage: scripts/bench.sh accumulate|accumulate-cpu|checksum|fit [POINTS]|checkpoint [POINTS]|io|passes|startup|outputs|scaling|global [REPEATS]" >&2
    exit 2
    ;;
esac
