#!/usr/bin/env bash
# The embedded example (README, first command): build the jar, simulate a laminar_flow and a
# static dataset with known parameters, fit both, print fitted vs true values.
# Output: demo-output/ (ignored by git). Needs Java 17 and Maven; about a minute on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== building (mvn -B -q package -DskipTests)"
mvn -B -q package -DskipTests
hd=scripts/homodyne
mkdir -p demo-output

LAMINAR_TRUTH=D0=1.6e4,alpha=-0.5,D_offset=50,gamma_dot_t0=0.002,beta=-0.3,gamma_dot_t_offset=1e-4,phi0=2
STATIC_TRUTH=D0=1.6e4,alpha=-0.5,D_offset=50

echo "== simulating demo-output/laminar_flow_demo.h5 (8 angles x 300 frames, noise 0.004)"
$hd -q simulate --force --output demo-output/laminar_flow_demo.h5 --mode laminar_flow --params "$LAMINAR_TRUTH" \
  --phi -67.5,-45,-22.5,0,22.5,45,67.5,90 --frames 300 --dt 0.1 --q 0.0054 --noise 0.004 --seed 7
echo "== simulating demo-output/static_demo.h5 (3 angles x 400 frames, noise 0.004)"
$hd -q simulate --force --output demo-output/static_demo.h5 --mode static --params "$STATIC_TRUTH" \
  --phi 0,60,120 --contrast 0.3,0.28,0.32 --frames 400 --dt 0.1 --q 0.0054 --noise 0.004 --seed 3

echo "== fitting laminar_flow (config/laminar_flow.yaml)"
$hd --config config/laminar_flow.yaml --output-dir demo-output/laminar_flow --no-resume
echo "== fitting laminar_flow again through the streaming strategy (config/streaming.yaml)"
$hd --config config/streaming.yaml --output-dir demo-output/streaming --no-resume -q
echo "== fitting static (config/static.yaml)"
$hd --config config/static.yaml --output-dir demo-output/static --no-resume

echo
echo "== laminar_flow: fitted vs true"
$hd results demo-output/laminar_flow --truth "$LAMINAR_TRUTH,contrast=0.3,offset=1.0"
echo
echo "== static: fitted vs true"
$hd results demo-output/static --truth "$STATIC_TRUTH"
echo
echo "== laminar_flow, streaming strategy (same data, same answer)"
$hd results demo-output/streaming --truth "$LAMINAR_TRUTH"
echo
echo "Result files: demo-output/{laminar_flow,streaming,static}/nlsq/"
