#!/usr/bin/env bash
# Line and branch coverage of the core and smcdump from the test suite (gcovr).
#   scripts/coverage.sh                      # summary on stdout; per-file reports in build-cov/coverage/
#   scripts/coverage.sh -R unit              # only the tests matching a ctest regex
#   scripts/coverage.sh --fail-under smcdump:95:85 [--fail-under core:99:96] [CTEST ARGS]
#                                            # exit 5 when a part is below LINES % or BRANCHES %
# Reports: coverage/<part>.html (annotated source), <part>-lines.txt and
# <part>-branches.txt (per file, with the uncovered line numbers).
# Needs gcc and gcovr >= 5 (scripts/install-deps.sh installs both).
# Exit status: 0, 1 a test failed (the figures are still printed), 5 below a
# --fail-under threshold, other: the build or gcovr failed.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${SMCCLC_COV_BUILD:-$top/build-cov}

declare -A min_lines=() min_branches=()
while [ $# -gt 0 ] && [ "$1" = --fail-under ]; do
    [[ ${2:-} =~ ^(core|smcdump):([0-9.]+):([0-9.]+)$ ]] ||
        { echo "coverage.sh: --fail-under PART:LINES:BRANCHES, e.g. smcdump:95:85" >&2; exit 2; }
    min_lines[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}
    min_branches[${BASH_REMATCH[1]}]=${BASH_REMATCH[3]}
    shift 2
done

# The compiler comes from CC on the first configure only: changing
# CMAKE_C_COMPILER on an existing cache makes CMake drop the other -D options.
CC=${CC_COV:-gcc} cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Debug \
    -DSMCCLC_COVERAGE=ON -DSMCCLC_PLUGIN=OFF >/dev/null || exit 1
cmake --build "$build" -j "$(nproc)" >/dev/null || exit 1
find "$build" -name '*.gcda' -delete
# Live tests run smcdump as uid 65534 (setpriv, -Z nobody): its counts are
# written at exit by that user, so the object directories and the .gcda
# files it merges into must be writable by everyone (a scratch tree only).
if [ "$(id -u)" = 0 ]; then
    find "$build" -type d -exec chmod a+rwx {} +
    umask 000
fi
# A failing test still leaves its counts; report them, then fail at the end,
# so one broken golden file does not hide the numbers.
status=0
ctest --test-dir "$build" -j "$(nproc)" --output-on-failure "$@" >"$build/ctest.log" 2>&1 ||
    { status=1; grep -E 'tests passed|Failed|\*\*\*' "$build/ctest.log" | tail -20; }
umask 022

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
    if [ -n "${min_lines[$part]:-}" ]; then
        gcovr "${flags[@]}" -a "$out/$part.json" --txt /dev/null \
            --fail-under-line "${min_lines[$part]}" --fail-under-branch "${min_branches[$part]}"
        case $? in
        0) ;;
        2 | 4 | 6)
            echo "FAIL: $part below ${min_lines[$part]} % lines or ${min_branches[$part]} % branches"
            [ $status = 0 ] && status=5 ;;
        *) exit 1 ;;
        esac
    fi
done
exit $status
