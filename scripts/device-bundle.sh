#!/usr/bin/env bash
# Builds device-bundle/ (git-ignored): everything a GPU host without Java needs to run
# scripts/device-check.sh, under the device tool's 64 MiB carry limit:
#   runtime/       jlink'd Java runtime with the modules jdeps finds in the jar (+ jdk.unsupported),
#                  debug data stripped
#   homodyne.jar   the shaded jar with the CUDA kernels (fatbin), minus JCuda's natives for NVRTC,
#                  the PTX compiler and the CUDA runtime, which the driver-API backend never loads
#   test-classes/  the GPU check programs (GpuCheckMain, CompareFits and their helpers)
# Needs a JDK 17 with jmods (jlink, jdeps), Maven, and nvcc on the PATH (else the jar has no
# kernels and the bundle is refused). Usage: scripts/device-bundle.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bundle=$root/device-bundle
limit_mib=64

if [ "${1:-}" != "--no-build" ]; then
  echo "== building the jar and test classes (mvn -B -q package -DskipTests)"
  mvn -B -q package -DskipTests
fi
jar=$root/target/homodyne.jar
[ -f "$jar" ] || { echo "device-bundle: $jar missing (build failed?)" >&2; exit 1; }
if ! unzip -l "$jar" kernels/homodyne_accumulate.fatbin >/dev/null 2>&1; then
  echo "device-bundle: the jar has no kernels/homodyne_accumulate.fatbin (nvcc missing at build time);" \
       "a GPU host could only run the CPU fallback" >&2
  exit 1
fi

rm -rf "$bundle"
mkdir -p "$bundle"

echo "== modules the jar needs (jdeps)"
modules=$(jdeps --multi-release 17 --ignore-missing-deps --print-module-deps "$jar" | tail -1)
# JCuda and jhdf reach sun.misc.Unsafe reflectively on some paths: keep jdk.unsupported in any case
case ",$modules," in *,jdk.unsupported,*) ;; *) modules="$modules,jdk.unsupported" ;; esac
echo "   $modules"

echo "== jlink runtime"
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$bundle/runtime"
# native debug symbols (libjvm.so alone carries ~4 MB of them)
if command -v strip >/dev/null 2>&1; then
  find "$bundle/runtime" -name '*.so' -exec strip --strip-unneeded {} + 2>/dev/null || true
fi

echo "== jar"
cp "$jar" "$bundle/homodyne.jar"
if command -v zip >/dev/null 2>&1; then
  zip -q -d "$bundle/homodyne.jar" 'lib/libJNvPTXCompiler-*' 'lib/libJNvrtc-*' 'lib/libJCudaRuntime-*' || true
else
  echo "   (zip not found: the jar keeps JCuda's unused natives, ~9 MB)"
fi

echo "== GPU check programs (test classes)"
mkdir -p "$bundle/test-classes/org/homodyne/backend/cuda"
cp "$root"/target/test-classes/org/homodyne/backend/cuda/*.class "$bundle/test-classes/org/homodyne/backend/cuda/"

cat > "$bundle/README.txt" <<EOF
homodyne-java device bundle, built $(date -u +%Y-%m-%dT%H:%M:%SZ) from $(git rev-parse --short HEAD 2>/dev/null || echo unknown)
Run on the GPU host from the repository root: bash scripts/device-check.sh   (see docs/GPU.md)
  runtime/bin/java -cp homodyne.jar:test-classes org.homodyne.backend.cuda.GpuCheckMain
  runtime/bin/java -jar homodyne.jar --help
EOF

echo "== smoke test"
"$bundle/runtime/bin/java" -jar "$bundle/homodyne.jar" --version
usage=$("$bundle/runtime/bin/java" -cp "$bundle/homodyne.jar:$bundle/test-classes" \
  org.homodyne.backend.cuda.CompareFits 2>&1 || true)
grep -q usage <<<"$usage" || { echo "device-bundle: the check programs do not start: $usage" >&2; exit 1; }

size_kib=$(du -sk "$bundle" | cut -f1)
size_mib=$(awk -v k="$size_kib" 'BEGIN { printf "%.1f", k / 1024 }')
echo "== device-bundle/: $size_mib MiB (runtime $(du -sh "$bundle/runtime" | cut -f1)," \
     "jar $(du -sh "$bundle/homodyne.jar" | cut -f1), test classes $(du -sh "$bundle/test-classes" | cut -f1))"
if [ "$size_kib" -ge $((limit_mib * 1024)) ]; then
  echo "device-bundle: $size_mib MiB is over the $limit_mib MiB carry limit" >&2
  exit 1
fi
