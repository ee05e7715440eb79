#!/usr/bin/env bash
# Benchmark data sets, simulated once and cached under bench-output/ (git-ignored); prints the path.
#   scripts/bench-data.sh static    # 5 angles x 301 frames (fit grid 300), static, noise 0.01
#   scripts/bench-data.sh laminar   # 23 angles x 659 frames (10 M stored points), laminar_flow, noise 0.004
# HD=path/to/scripts/homodyne selects the launcher that simulates.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
hd=${HD:-$root/scripts/homodyne}
mkdir -p bench-output
case "${1:?usage: bench-data.sh static|laminar}" in
  static)
    f=$root/bench-output/static_5x300.h5
    [ -f "$f" ] || "$hd" -q simulate --output "$f" --mode static --params D0=1.6e4,alpha=-0.5,D_offset=50 \
      --phi 0,36,72,108,144 --frames 301 --dt 0.1 --q 0.0054 --noise 0.01 --seed 5 >&2
    ;;
  laminar)
    # the file of scripts/bench-fit.sh 10000000
    f=$root/bench-output/laminar_23x659.h5
    phis=$(awk -v a=23 'BEGIN { for (k = 0; k < a; k++) printf "%s%.4f", (k ? "," : ""), -90 + 180 * (k + 0.5) / a }')
    [ -f "$f" ] || JAVA_OPTS=-Xmx1g "$hd" -q simulate --output "$f" --mode laminar_flow \
      --params D0=1.6e4,alpha=-0.5,D_offset=50,gamma_dot_t0=0.002,beta=-0.3,gamma_dot_t_offset=1e-4,phi0=2 \
      --phi "$phis" --frames 659 --dt 0.1 --q 0.0054 --noise 0.004 --seed 11 >&2
    ;;
  *) echo "usage: bench-data.sh static|laminar" >&2; exit 2 ;;
esac
echo "$f"
