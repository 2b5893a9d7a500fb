#!/usr/bin/env bash
# Runs every libFuzzer target for SECONDS each (default 60) and fails on any
# crash, leak, timeout, out-of-memory or sanitizer report.
#   scripts/fuzz.sh 20                      # CI smoke run
#   scripts/fuzz.sh 1800                    # the long run (30 minutes per target)
#   scripts/fuzz.sh 600 fuzz_stream         # some targets only
#   scripts/fuzz.sh merge [TARGET...]       # keep what runs found (see below)
# Inputs found worth keeping stay in build-fuzz/work/<target>; crashes land in
# build-fuzz/crashes/<target>/ and must become tests/fuzz/regressions/<target>/
# files before their fix is committed. Per target: build-fuzz/<target>.log.
# The plugin's target is built when Wireshark's development files are there.
# "merge" adds to tests/fuzz/found/<target> the inputs of build-fuzz/work
# that reach edges the committed seeds do not (libFuzzer -merge=1
# -use_counters=0), so the replay tests cover what long runs reached.
set -uo pipefail
seconds=${1:-60}
shift $(($# > 0 ? 1 : 0))
top=$(cd "$(dirname "$0")/.." && pwd)
build=${SMCCLC_FUZZ_BUILD:-$top/build-fuzz}
cc=${CC_FUZZ:-clang-14}

# The compiler only on the first configure: changing CMAKE_C_COMPILER on an
# existing cache makes CMake drop the other -D options.
CC=$cc cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DSMCCLC_FUZZ=ON \
    -DSMCCLC_PLUGIN=AUTO >/dev/null || exit 1
cmake --build "$build" -j "$(nproc)" --target smcclc_fuzz_targets >/dev/null || exit 1

if [ $# -gt 0 ]; then
    bins=()
    for t in "$@"; do bins+=("$build/tests/fuzz/$t"); done
else
    bins=("$build"/tests/fuzz/fuzz_*)
fi

# tests/fuzz/<target>.options: extra libFuzzer flags, one per line
options() {
    extra=()
    if [ -f "$top/tests/fuzz/$1.options" ]; then
        while read -r flag; do
            case "$flag" in ''|'#'*) ;; *) extra+=("$flag") ;; esac
        done <"$top/tests/fuzz/$1.options"
    fi
}

if [ "$seconds" = merge ]; then
    for bin in "${bins[@]}"; do
        name=$(basename "$bin")
        [ -d "$build/work/$name" ] || continue
        options "$name"
        ref=$(mktemp -d)
        for d in corpus found; do
            [ -d "$top/tests/fuzz/$d/$name" ] && cp "$top/tests/fuzz/$d/$name"/* "$ref"/ 2>/dev/null
        done
        ls "$ref" >"$ref.before"
        # new edges only, not new hit counts: a few hundred files, not thousands
        "$bin" -merge=1 -use_counters=0 "${extra[@]}" "$ref" "$build/work/$name" \
            >"$build/$name.merge.log" 2>&1 ||
            { echo "merge of $name failed, see $build/$name.merge.log"; rm -rf "$ref" "$ref.before"; exit 1; }
        mkdir -p "$top/tests/fuzz/found/$name"
        added=0
        for f in "$ref"/*; do
            grep -qxF "$(basename "$f")" "$ref.before" && continue
            cp "$f" "$top/tests/fuzz/found/$name/" && added=$((added + 1))
        done
        echo "$name: $added inputs added to tests/fuzz/found/$name"
        rm -rf "$ref" "$ref.before"
    done
    exit 0
fi

status=0
summary=()
for bin in "${bins[@]}"; do
    [ -x "$bin" ] || { echo "no target $bin" >&2; status=1; continue; }
    name=$(basename "$bin")
    work="$build/work/$name"
    crashes="$build/crashes/$name"
    mkdir -p "$work" "$crashes"
    seeds=()
    for d in "$top/tests/fuzz/corpus/$name" "$top/tests/fuzz/found/$name" \
        "$top/tests/fuzz/regressions/$name"; do
        [ -d "$d" ] && seeds+=("$d")
    done
    options "$name"
    log="$build/$name.log"
    # Runs of a minute or less are smoke runs: the differential target then
    # reports the differences still open instead of stopping at the first.
    nonfatal=()
    [ "$seconds" -le 60 ] && nonfatal=(FUZZ_DIFF_NONFATAL=1)
    env "${nonfatal[@]}" ASAN_OPTIONS=detect_leaks=1 \
    LSAN_OPTIONS="suppressions=$top/tests/fuzz/lsan.supp:print_suppressions=0" \
        "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -dict="$top/tests/fuzz/clc.dict" \
        -artifact_prefix="$crashes/" "${extra[@]}" "$work" "${seeds[@]}" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    open_diffs=$(grep -c 'the plugin and smcdump disagree' "$log")
    seen=""
    [ "$open_diffs" -gt 0 ] && seen=", $open_diffs open differences seen (tests/fuzz/open/README.md)"
    if [ $rc -ne 0 ]; then
        status=1
        summary+=("FAIL $name (exit $rc) after ${execs:-?} runs; see $log and $crashes")
        tail -30 "$log"
    else
        summary+=("ok   $name: ${execs:-?} runs in ${seconds}s, ${cov:-cov: ?} edges$seen")
    fi
done
printf '%s\n' "${summary[@]}"
exit $status
