#!/bin/bash
# Runs .clusterfuzzlite/build.sh with the variables OSS-Fuzz sets, pointing at
# clang-14 and libFuzzer (ASan + UBSan, as OSS-Fuzz's address build), in a
# scratch $SRC/$WORK/$OUT, and checks that every fuzz target was built and has
# its seed corpus zip (non-empty), dictionary and options in $OUT.
#   check_cfl_build.sh TOP
set -u
top=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cfl.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src" "$tmp/work" "$tmp/out"
export CC=clang-14 CXX=clang++-14
export CFLAGS="-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address,undefined -fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link"
export CXXFLAGS="$CFLAGS"
export LIB_FUZZING_ENGINE="-fsanitize=fuzzer"
export SRC=$tmp/src WORK=$tmp/work OUT=$tmp/out SMCCLC_SRC=$top
"$top/.clusterfuzzlite/build.sh" >"$tmp/build.log" 2>&1 || { tail -40 "$tmp/build.log"; exit 1; }
want=(fuzz_clc fuzz_pcap fuzz_stream)
# the plugin's target needs Wireshark's development files, as the plugin does
if [ -x "$WORK/smcclc-build/tests/fuzz/fuzz_plugin_tree" ] || pkg-config --exists wireshark 2>/dev/null; then
    want+=(fuzz_plugin_tree fuzz_differential)
fi
fail=0
for t in "${want[@]}"; do
    for f in "$t" "${t}_seed_corpus.zip" "$t.dict" "$t.options"; do
        [ -s "$OUT/$f" ] || { echo "missing in \$OUT: $f"; fail=1; }
    done
    [ -x "$OUT/$t" ] || { echo "not executable: $t"; fail=1; }
    grep -q "^dict = $t.dict$" "$OUT/$t.options" || { echo "$t.options names no dict"; fail=1; }
    n=$(unzip -l "$OUT/${t}_seed_corpus.zip" 2>/dev/null | tail -1 | awk '{print $2}')
    [ "${n:-0}" -gt 0 ] || { echo "$t: empty seed corpus"; fail=1; }
    # the binary is a libFuzzer one: it runs one seed and says so
    "$OUT/$t" -runs=1 "$OUT/$t.dict" >"$tmp/$t.run" 2>&1 || { echo "$t does not run"; tail -5 "$tmp/$t.run"; fail=1; }
    grep -q "Running: \|Executed" "$tmp/$t.run" || { echo "$t: not a libFuzzer binary"; fail=1; }
    echo "$t: binary, ${n:-0} seeds, dict, options"
done
exit $fail
