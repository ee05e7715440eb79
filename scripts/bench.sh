#!/usr/bin/env bash
# Benchmarks (not tests): JMH harness for the CPU accumulate kernels, plus optional end-to-end
# fit timings. Usage:
#   scripts/bench.sh accumulate        # JMH: points/s per core, static and laminar, 1/8/23 angles
#   scripts/bench.sh fit [POINTS]      # simulate a laminar file of ~POINTS points (default 1e7), fit it
#   scripts/bench.sh checkpoint        # fit with checkpoint_frequency 1 vs checkpoints off
#   scripts/bench.sh io                # HDF5 row-block read throughput (scripts/bench-io.sh)
#   scripts/bench.sh startup           # start-up to the first pass, AppCDS on/off; whole process vs scipy
#   scripts/bench.sh outputs           # time of every output stage, 5x300 static and 10 M-point laminar
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
    java -cp "$cp" org.openjdk.jmh.Main AccumulateBenchmark -rf json -rff bench-output/accumulate.json "${@:2}" \
      | tee bench-output/accumulate.txt
    java -cp "$cp" org.homodyne.bench.BenchReport bench-output/accumulate.json
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
  startup)
    mvn -B -q package -DskipTests
    scripts/bench-startup.sh
    ;;
  outputs)
    mvn -B -q package -DskipTests
    scripts/bench-outputs.sh
    ;;
  *)
    echo "usage: scripts/bench.sh accumulate|fit [POINTS]|checkpoint [POINTS]|io|startup|outputs" >&2
    exit 2
    ;;
esac
