#!/usr/bin/env bash
# Line and branch coverage of the core and smcdump from the test suite (gcovr).
#   scripts/coverage.sh            # summary on stdout, HTML in build-cov/coverage/
# Needs gcc and gcovr (scripts/install-deps.sh installs both).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${SMCCLC_COV_BUILD:-$top/build-cov}

cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DSMCCLC_COVERAGE=ON \
    -DSMCCLC_PLUGIN=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" >/dev/null
find "$build" -name '*.gcda' -delete
ctest --test-dir "$build" -j "$(nproc)" --output-on-failure >/dev/null

mkdir -p "$build/coverage"
for part in core smcdump; do
    [ -d "$top/$part" ] || continue
    echo "== $part"
    # Branches the compiler adds for its own bookkeeping are not ours to test.
    gcovr --root "$top" --filter "$top/$part/" --exclude-throw-branches \
        --exclude-unreachable-branches --txt-metric branch --print-summary \
        --html-details "$build/coverage/$part.html" "$build" | tail -3
done
