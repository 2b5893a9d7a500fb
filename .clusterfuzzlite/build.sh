#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build: CC, CXX, CFLAGS, LIB_FUZZING_ENGINE, SRC
# and OUT come from the platform (tests/fuzz/check_cfl_build.sh sets them the
# same way with clang-14 and libFuzzer). For every fuzz target: the binary,
# TARGET_seed_corpus.zip (tests/fuzz/corpus, found and regressions),
# TARGET.dict (tests/fuzz/TARGET.dict, or clc.dict) and TARGET.options.
src=${SMCCLC_SRC:-$SRC/smcclc}
build=${WORK:-$SRC}/smcclc-build
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSMCCLC_FUZZ=ON \
    -DSMCCLC_FUZZ_ENGINE="$LIB_FUZZING_ENGINE" -DSMCCLC_PLUGIN=AUTO \
    -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="${CXXFLAGS:-}"
cmake --build "$build" -j"$(nproc)" --target smcclc_fuzz_targets
for bin in "$build"/tests/fuzz/fuzz_*; do
    [ -x "$bin" ] && [ -f "$bin" ] || continue
    t=$(basename "$bin")
    cp "$bin" "$OUT/"
    (
        cd "$src/tests/fuzz"
        dirs=()
        for d in corpus/$t found/$t regressions/$t; do [ -d "$d" ] && dirs+=("$d"); done
        rm -f "$OUT/${t}_seed_corpus.zip"
        [ ${#dirs[@]} -eq 0 ] || find -L "${dirs[@]}" -type f -print | zip -q -j -@ "$OUT/${t}_seed_corpus.zip"
    )
    if [ -f "$src/tests/fuzz/$t.dict" ]; then
        cp "$src/tests/fuzz/$t.dict" "$OUT/$t.dict"
    else
        cp "$src/tests/fuzz/clc.dict" "$OUT/$t.dict"
    fi
    {
        echo "[libfuzzer]"
        echo "dict = $t.dict"
        if [ -f "$src/tests/fuzz/$t.options" ]; then
            sed -n 's/^-\([a-z_]*\)=\(.*\)$/\1 = \2/p' "$src/tests/fuzz/$t.options"
        fi
    } >"$OUT/$t.options"
done
