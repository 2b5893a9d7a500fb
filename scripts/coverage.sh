#!/usr/bin/env bash
# Line and branch coverage of the core and smcdump from the test suite (gcovr).
#   scripts/coverage.sh            # summary on stdout; per-file reports in build-cov/coverage/
#   scripts/coverage.sh -R unit    # only the tests matching a ctest regex
# Reports: coverage/<part>.html (annotated source), <part>-lines.txt and
# <part>-branches.txt (per file, with the uncovered line numbers).
# Needs gcc and gcovr >= 5 (scripts/install-deps.sh installs both).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${SMCCLC_COV_BUILD:-$top/build-cov}

# The compiler comes from CC on the first configure only: changing
# CMAKE_C_COMPILER on an existing cache makes CMake drop the other -D options.
CC=${CC_COV:-gcc} cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Debug \
    -DSMCCLC_COVERAGE=ON -DSMCCLC_PLUGIN=OFF >/dev/null || exit 1
cmake --build "$build" -j "$(nproc)" >/dev/null || exit 1
find "$build" -name '*.gcda' -delete
# A failing test still leaves its counts; report them, then fail at the end,
# so one broken golden file does not hide the numbers.
status=0
ctest --test-dir "$build" -j "$(nproc)" --output-on-failure "$@" >"$build/ctest.log" 2>&1 ||
    { status=1; grep -E 'tests passed|Failed|\*\*\*' "$build/ctest.log" | tail -20; }

out="$build/coverage"
mkdir -p "$out"
# Branches the compiler adds for its own bookkeeping are not ours to test.
flags=(--root "$top" --exclude-throw-branches --exclude-unreachable-branches)
for part in core smcdump; do
    [ -d "$top/$part" ] || continue
    gcovr "${flags[@]}" --filter "$top/$part/" --json "$out/$part.json" "$build" || exit 1
    gcovr "${flags[@]}" -a "$out/$part.json" --txt "$out/$part-lines.txt" \
        --html-details "$out/$part.html" >/dev/null || exit 1
    gcovr "${flags[@]}" -a "$out/$part.json" -b --txt "$out/$part-branches.txt" >/dev/null ||
        exit 1
    echo "== $part"
    gcovr "${flags[@]}" -a "$out/$part.json" --print-summary --txt /dev/null |
        grep -E '^(lines|branches):'
done
exit $status
