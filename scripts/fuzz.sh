#!/usr/bin/env bash
# Runs every libFuzzer target for SECONDS each (default 60) and fails on any
# crash, leak, timeout, out-of-memory or sanitizer report.
#   scripts/fuzz.sh 20          # CI smoke run
#   scripts/fuzz.sh 1800        # the long run (30 minutes per target)
# Inputs found worth keeping stay in build-fuzz/work/<target>; crashes land in
# build-fuzz/crashes/<target>/ and must become tests/fuzz/regressions/<target>/
# files before their fix is committed.
set -uo pipefail
seconds=${1:-60}
top=$(cd "$(dirname "$0")/.." && pwd)
build=${SMCCLC_FUZZ_BUILD:-$top/build-fuzz}
cc=${CC_FUZZ:-clang-14}

cmake -S "$top" -B "$build" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=Debug \
    -DSMCCLC_FUZZ=ON -DSMCCLC_PLUGIN=OFF >/dev/null || exit 1
cmake --build "$build" -j "$(nproc)" >/dev/null || exit 1

status=0
summary=()
for bin in "$build"/tests/fuzz/fuzz_*; do
    [ -x "$bin" ] || continue
    name=$(basename "$bin")
    work="$build/work/$name"
    crashes="$build/crashes/$name"
    mkdir -p "$work" "$crashes"
    seeds=()
    for d in "$top/tests/fuzz/corpus/$name" "$top/tests/fuzz/regressions/$name"; do
        [ -d "$d" ] && seeds+=("$d")
    done
    log="$build/$name.log"
    ASAN_OPTIONS=detect_leaks=1 "$bin" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -dict="$top/tests/fuzz/clc.dict" \
        -artifact_prefix="$crashes/" "$work" "${seeds[@]}" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    if [ $rc -ne 0 ]; then
        status=1
        summary+=("FAIL $name (exit $rc) after ${execs:-?} runs; see $log and $crashes")
        tail -30 "$log"
    else
        summary+=("ok   $name: ${execs:-?} runs in ${seconds}s, ${cov:-cov: ?} edges")
    fi
done
printf '%s\n' "${summary[@]}"
exit $status
