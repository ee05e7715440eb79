#!/usr/bin/env bash
# Builds the AppCDS archive target/homodyne.jsa next to the jar (run by `mvn package` after the
# shade step; scripts/homodyne uses it when it matches the jar and the JVM). A training run (a
# small laminar_flow fit with every default output) is recorded with -XX:ArchiveClassesAtExit, so
# the classes a fit loads, about 4000 of them (picocli, snakeyaml, jhdf, jackson, EJML, the fit,
# AWT and JFreeChart for the figures), come parsed and verified from the archive instead of the jar:
# start-up to the first pass and the first figure drop by about half (docs/PERFORMANCE.md).
# Never fails the build: without a usable JVM or when the training run fails it says why and exits 0.
#   scripts/build-cds.sh JAR [ARCHIVE]
set -u
jar=$(cd "$(dirname "${1:?usage: build-cds.sh JAR [ARCHIVE]}")" && pwd)/$(basename "$1")
jsa=${2:-${jar%.jar}.jsa}
here=$(cd "$(dirname "$0")" && pwd)
java=${JAVA:-java}
say() { echo "[cds] $*"; }
if [ ! -f "$jar" ]; then say "$jar not found: archive not built"; exit 0; fi
if [ "${HOMODYNE_CDS:-on}" = off ]; then say "HOMODYNE_CDS=off: archive not built"; exit 0; fi
work=$(mktemp -d "${TMPDIR:-/tmp}/homodyne-cds.XXXXXX")
trap 'rm -rf "$work"' EXIT
rm -f "$jsa" "$jsa.id"
# the launcher's GC and module flags, so that the archive is made under the settings it is used with
gc="-XX:+UseSerialGC -Xmn32m --add-modules jdk.incubator.vector"
run() { "$java" $gc -Xshare:auto "$@" >>"$work/log" 2>&1; }
if ! run -jar "$jar" -q simulate --output "$work/t.h5" --mode laminar_flow \
    --params D0=1.6e4,alpha=-0.5,D_offset=50,gamma_dot_t0=0.002,beta=-0.3,gamma_dot_t_offset=1e-4,phi0=2 \
    --phi -45,0,45 --frames 60 --dt 0.1 --q 0.0054 --noise 0.01 --seed 1; then
  say "training data could not be simulated: archive not built"; tail -5 "$work/log"; exit 0
fi
cat > "$work/t.yaml" <<YAML
analysis_mode: laminar_flow
experimental_data:
  file_path: t.h5
analyzer_parameters:
  dt: 0.1
initial_parameters:
  parameter_names: [D0, alpha, D_offset, gamma_dot_t0, beta, gamma_dot_t_offset, phi0]
  values: [1.7e4, -0.45, 55, 0.0022, -0.33, 1.1e-4, 2.2]
optimization:
  nlsq:
    max_iterations: 8
  streaming:
    enable_progress: false
    checkpoint_frequency: 1
YAML
if ! run -XX:ArchiveClassesAtExit="$jsa" -jar "$jar" -q --config "$work/t.yaml" --output-dir "$work/out" \
    || [ ! -s "$jsa" ]; then
  say "training run failed: archive not built"; tail -5 "$work/log"; rm -f "$jsa"; exit 0
fi
# what the launcher compares before using the archive: this jar (path, size, time) and this JVM
"$here/homodyne" --cds-id "$jar" "$java" > "$jsa.id"
say "built $jsa ($(du -h "$jsa" | cut -f1)) for $(cat "$jsa.id")"
