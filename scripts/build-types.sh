#!/usr/bin/env bash
# Builds every CMake build type with gcc and clang-14, warnings as errors, to
# catch what only an optimiser sees (gcc -O3 -Wmaybe-uninitialized) or only
# -O0 keeps. Tests run in scripts/test.sh's own build; here only compiling
# and linking are checked, the plugin included.
#   usage: scripts/build-types.sh [OUTDIR]   (default: build-types)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/build-types}
jobs=$(nproc)
mkdir -p "$out"

compilers=(gcc)
if command -v clang-14 >/dev/null; then
    compilers+=(clang-14)
fi

for cc in "${compilers[@]}"; do
    for type in Debug RelWithDebInfo Release MinSizeRel; do
        dir=$out/$cc-$type
        start=$(date +%s)
        CC=$cc cmake -S "$top" -B "$dir" -DCMAKE_BUILD_TYPE="$type" >"$dir.log" 2>&1 ||
            { cat "$dir.log"; exit 1; }
        cmake --build "$dir" -j "$jobs" >>"$dir.log" 2>&1 || { cat "$dir.log"; exit 1; }
        # -Werror turns warnings into failures, but a warning flag that some
        # compiler does not know only warns: that must not pass unseen.
        if grep -n "warning:" "$dir.log"; then
            echo "build-types.sh: $cc $type: warnings (above)" >&2
            exit 1
        fi
        echo "build-types.sh: $cc $type ok ($(($(date +%s) - start)) s)"
    done
done
